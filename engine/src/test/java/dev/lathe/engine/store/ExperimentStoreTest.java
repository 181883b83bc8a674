package dev.lathe.engine.store;

import dev.lathe.engine.hardware.RuntimeVersion;
import dev.lathe.engine.hardware.Bf16;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.hardware.Int8Path;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.LayerInfo;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.model.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentStoreTest {
    private static final DeviceFingerprint DEVICE = new DeviceFingerprint("local-1", "bench box", "Some CPU", 2,
            1L << 34, "Linux 6.1", "amd64", "OpenJDK 17",
            List.of(new RuntimeVersion("onnxruntime", "1.23.2")), Int8Path.AVX2, Bf16.NATIVE);

    @TempDir
    Path tmp;

    @Test
    void everythingStoredIsThereAfterReopening() throws Exception {
        Path db = tmp.resolve("lathe.db");
        ModelSummary summary = summary("a".repeat(64));
        try (ExperimentStore store = ExperimentStore.open(db)) {
            store.addModel(summary, tmp.resolve("m.onnx"), Optional.empty());
            store.setInputShape(summary.sha256(), new long[] {1, 1, 28, 28});
            store.addEvaluation(summary.sha256(), DEVICE, "t10k", tmp.resolve("t10k"), "d".repeat(64), evaluation());
            store.addBenchmark(summary.sha256(), benchmark(new long[] {1_000_000, 2_000_000, 3_000_000}));
        }
        try (ExperimentStore store = ExperimentStore.open(db)) {
            ModelRecord m = store.models().get(0);
            assertThat(m.summary()).isEqualTo(summary);
            assertThat(m.inputShape()).hasValueSatisfying(s -> assertThat(s).containsExactly(1, 1, 28, 28));
            StoredEvaluation e = store.evaluations(m.sha256()).get(0);
            assertThat(e.result().top1()).isEqualTo(0.9);
            assertThat(e.result().confusion()[1][0]).isEqualTo(1);
            assertThat(e.result().top5()).isEmpty();
            StoredBenchmark b = store.benchmarks(m.sha256()).get(0);
            assertThat(b.result().samplesNanos()).containsExactly(1_000_000, 2_000_000, 3_000_000);
            assertThat(b.result().device()).isEqualTo(DEVICE);
            assertThat(b.result().stats().p50Ms()).isEqualTo(2.0);
            assertThat(store.device(DEVICE.id())).contains(DEVICE);
            assertThat(store.device("never-seen")).isEmpty();
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
             var rs = c.createStatement().executeQuery("SELECT fingerprint_json FROM devices")) {
            assertThat(rs.getString(1)).as("stored by its id").contains("\"int8Path\":\"avx2\"");
        }
    }

    @Test
    void aDeviceStoredBeforeDevicesReportedTheirInt8PathReadsAsOtherUntilItIsSeenAgain() throws Exception {
        Path db = tmp.resolve("lathe.db");
        ModelSummary summary = summary("9".repeat(64));
        String withPath = JsonColumns.write(DEVICE);
        String before = withPath.replace(",\"int8Path\":\"avx2\"", "");
        assertThat(before).isNotEqualTo(withPath).doesNotContain("int8");
        BenchmarkResult run = benchmark(new long[] {1_000_000, 2_000_000});
        String runBefore = JsonColumns.write(run).replace(withPath, before);
        assertThat(runBefore).doesNotContain("int8");
        try (ExperimentStore store = ExperimentStore.open(db)) {
            store.addModel(summary, tmp.resolve("m.onnx"), Optional.empty());
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            s.execute("INSERT INTO devices (id, name, fingerprint_json, first_seen, last_seen) VALUES ('local-1',"
                    + " 'bench box', '" + before + "', 1, 1)");
            s.execute("INSERT INTO benchmark_runs (model_sha256, device_id, p50_ms, p99_ms, mean_ms, throughput,"
                    + " result_json, created_at) VALUES ('" + summary.sha256() + "', 'local-1', 1.5, 2, 1.5, 500, '"
                    + runBefore + "', 5)");
            try (var ps = c.prepareStatement("INSERT INTO benchmark_samples (run_id, latencies_ns) VALUES (1, ?)")) {
                ps.setBytes(1, LatencyBlob.encode(run.samplesNanos()));
                ps.executeUpdate();
            }
        }
        DeviceFingerprint asBefore = new DeviceFingerprint(DEVICE.id(), DEVICE.name(), DEVICE.cpuModel(),
                DEVICE.cores(), DEVICE.memoryBytes(), DEVICE.os(), DEVICE.arch(), DEVICE.jvm(), DEVICE.runtimes(),
                Int8Path.OTHER, DEVICE.bf16());
        try (ExperimentStore store = ExperimentStore.open(db)) {
            assertThat(store.device("local-1")).contains(asBefore);
            assertThat(store.benchmarks(summary.sha256())).singleElement()
                    .satisfies(b -> assertThat(b.result().device()).isEqualTo(asBefore));

            store.addBenchmark(summary.sha256(), run);
            assertThat(store.device("local-1")).as("the device as last seen").contains(DEVICE);
            assertThat(store.benchmarks(summary.sha256())).extracting(b -> b.result().device().int8Path())
                    .as("each run keeps what it ran with").containsExactly(Int8Path.AVX2, Int8Path.OTHER);
        }
    }

    @Test
    void openingACopyOfAKnownModelKeepsTheRecordedFileWhileItExists() throws Exception {
        Path original = Files.writeString(Files.createDirectories(tmp.resolve("one")).resolve("m.onnx"), "x");
        Path copy = Files.writeString(Files.createDirectories(tmp.resolve("two")).resolve("m.onnx"), "x");
        try (ExperimentStore store = ExperimentStore.open(tmp.resolve("lathe.db"))) {
            ModelSummary s = summary("b".repeat(64));
            store.addModel(s, original, Optional.empty());
            store.addModel(s, copy, Optional.empty());
            assertThat(store.models()).singleElement()
                    .satisfies(m -> assertThat(m.path()).isEqualTo(original.toAbsolutePath()));

            // The recorded file has gone: the copy it is opened from now is where the model lives.
            Files.delete(original);
            store.addModel(s, copy, Optional.empty());
            assertThat(store.models()).singleElement()
                    .satisfies(m -> assertThat(m.path()).isEqualTo(copy.toAbsolutePath()));
        }
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws Exception {
        try (ExperimentStore store = ExperimentStore.open(tmp.resolve("lathe.db"))) {
            // No such model: the foreign key refuses the row, and the device row written first is rolled back too.
            assertThatThrownBy(() -> store.addBenchmark("c".repeat(64), benchmark(new long[] {1})))
                    .isInstanceOf(StoreException.class);
            assertThat(store.benchmarks("c".repeat(64))).isEmpty();
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("lathe.db"));
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM devices")) {
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void anInterruptedRunIsStoredMarkedWithItsSamplesBesideTheFinishedOnes() throws Exception {
        Path db = tmp.resolve("lathe.db");
        ModelSummary summary = summary("e".repeat(64));
        long[] soFar = {4_000_000, 5_000_000};
        long interruptedId;
        try (ExperimentStore store = ExperimentStore.open(db)) {
            store.addModel(summary, tmp.resolve("m.onnx"), Optional.empty());
            store.addBenchmark(summary.sha256(), benchmark(new long[] {1_000_000, 2_000_000, 3_000_000}));
            BenchmarkResult partial = BenchmarkResult.ofSamplesSoFar(BenchConfig.DEFAULT, new long[] {1, 4}, DEVICE,
                    soFar, 1_700_000_000_000L);
            StoredBenchmark stored = store.addInterruptedBenchmark(summary.sha256(), partial, "the agent stopped");
            interruptedId = stored.id();
            assertThat(stored.interrupted()).isTrue();
        }
        try (ExperimentStore store = ExperimentStore.open(db)) {
            List<StoredBenchmark> runs = store.benchmarks(summary.sha256());
            assertThat(runs).hasSize(2);
            StoredBenchmark interrupted = runs.get(0);
            assertThat(interrupted.id()).isEqualTo(interruptedId);
            assertThat(interrupted.interruption()).contains("the agent stopped");
            assertThat(interrupted.result().samplesNanos()).containsExactly(soFar);
            assertThat(interrupted.result().stats().count()).isEqualTo(2);
            assertThat(interrupted.result().stats().p50Ms()).isEqualTo(4.5);
            assertThat(interrupted.result().throughput()).isEqualTo(2 / 0.009, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(interrupted.result().loadMillis()).as("no summary came").isEqualTo(-1);
            assertThat(interrupted.result().device()).isEqualTo(DEVICE);
            assertThat(runs.get(1).complete()).isTrue();
            assertThat(runs.get(1).interruption()).isEmpty();
        }
    }

    @Test
    void aStoreFromBeforeRunsHadAStatusMigratesWithItsRunsComplete() throws Exception {
        Path db = tmp.resolve("lathe.db");
        int previous = 2;
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            schema(s, previous);
            s.execute("INSERT INTO models (sha256, name, path, format, file_bytes, parameters, summary_json, added_at,"
                    + " opened_at) VALUES ('" + "f".repeat(64) + "', 'm.onnx', '/m.onnx', 'ONNX', 1234, 8, '"
                    + JsonColumns.write(summary("f".repeat(64))) + "', 1, 1)");
            s.execute("INSERT INTO devices (id, name, fingerprint_json, first_seen, last_seen) VALUES ('local-1',"
                    + " 'bench box', '" + JsonColumns.write(DEVICE) + "', 1, 1)");
            BenchmarkResult old = benchmark(new long[] {1_000_000, 3_000_000});
            s.execute("INSERT INTO benchmark_runs (model_sha256, device_id, p50_ms, p99_ms, mean_ms, throughput,"
                    + " result_json, created_at) VALUES ('" + "f".repeat(64) + "', 'local-1', 2, 3, 2, 500, '"
                    + JsonColumns.write(old) + "', 5)");
            try (var ps = c.prepareStatement("INSERT INTO benchmark_samples (run_id, latencies_ns) VALUES (1, ?)")) {
                ps.setBytes(1, LatencyBlob.encode(old.samplesNanos()));
                ps.executeUpdate();
            }
        }
        try (ExperimentStore store = ExperimentStore.open(db)) {
            assertThat(store.benchmarks("f".repeat(64))).singleElement().satisfies(b -> {
                assertThat(b.complete()).isTrue();
                assertThat(b.result().samplesNanos()).containsExactly(1_000_000, 3_000_000);
            });
            store.addInterruptedBenchmark("f".repeat(64), benchmark(new long[] {2_000_000}), "network cut");
            assertThat(store.benchmarks("f".repeat(64))).filteredOn(StoredBenchmark::interrupted).hasSize(1);
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
             var rs = c.createStatement().executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(Migrations.latest());
        }
    }

    @Test
    void aStoreFromBeforeRuntimeCopiesMigratesAndThenLinksACopyToItsSourceForItsRunsInEveryRuntime()
            throws Exception {
        Path db = tmp.resolve("lathe.db");
        String source = "a".repeat(64);
        String copy = "b".repeat(64);
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            schema(s, 3);
            for (String sha : List.of(source, copy)) {
                s.execute("INSERT INTO models (sha256, name, path, format, file_bytes, parameters, summary_json,"
                        + " added_at, opened_at) VALUES ('" + sha + "', 'm', '/m', 'ONNX', 1234, 8, '"
                        + JsonColumns.write(summary(sha)) + "', 1, 1)");
            }
        }
        try (ExperimentStore store = ExperimentStore.open(db)) {
            assertThat(store.runtimeCopies(source)).isEmpty();
            RuntimeCopyLink link = new RuntimeCopyLink(copy, source, "executorch", Optional.of("xnnpack"));
            store.linkRuntimeCopy(link);
            store.linkRuntimeCopy(new RuntimeCopyLink(copy, source, "executorch", Optional.of("none")));
            StoredBenchmark older = store.addBenchmark(copy, benchmark(new long[] {4_000_000}));
            StoredBenchmark newer = store.addBenchmark(copy, benchmark(new long[] {3_000_000}));
            store.addInterruptedBenchmark(copy, benchmark(new long[] {1_000_000}), "network cut");
            StoredBenchmark own = store.addBenchmark(source, benchmark(new long[] {5_000_000}));

            assertThat(store.runtimeCopies(source)).as("the first link is kept").containsExactly(link);
            assertThat(store.runtimeCopySource(copy)).contains(link);
            assertThat(store.runtimeCopySource(source)).isEmpty();
            List<RuntimeRun> runs = store.runsInRuntimes(store.model(source).orElseThrow(), "onnxruntime");
            assertThat(runs).extracting(RuntimeRun::runtime, r -> r.delegate().orElse("-"), r -> r.run().id())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("onnxruntime", "-", own.id()),
                            org.assertj.core.groups.Tuple.tuple("executorch", "xnnpack", newer.id()));
            assertThat(older.id()).isLessThan(newer.id());
            assertThat(runs.get(1).p50Ms()).isEqualTo(3.0);
            assertThat(runs.get(1).fileBytes()).isEqualTo(1234);
            assertThat(runs.get(1).deviceId()).isEqualTo(DEVICE.id());
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
             var rs = c.createStatement().executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(Migrations.latest());
        }
    }

    /** A store file as Lathe left it at schema {@code version}. */
    private static void schema(java.sql.Statement s, int version) throws java.sql.SQLException {
        for (String step : Migrations.STEPS.subList(0, version)) {
            for (String sql : step.split(";")) {
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
        }
        s.execute("PRAGMA user_version = " + version);
    }

    @Test
    void aStoreFromANewerLatheIsNotTouched() throws Exception {
        Path db = tmp.resolve("lathe.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> ExperimentStore.open(db)).isInstanceOf(StoreException.class)
                .hasMessageContaining("newer Lathe");
    }

    @Test
    void aFileThatIsNotAStoreIsReportedWithWhatToDo() throws Exception {
        Path db = tmp.resolve("lathe.db");
        Files.writeString(db, "x".repeat(4096));
        assertThatThrownBy(() -> ExperimentStore.open(db)).isInstanceOf(StoreException.class)
                .hasMessageContaining("move it aside");
    }

    private static ModelSummary summary(String sha) {
        return new ModelSummary("m.onnx", ModelFormat.ONNX, sha, 1234, "test", Optional.of(8L), Map.of("ai.onnx", 17L),
                List.of(new TensorInfo("x", ElementType.FLOAT, List.of(Dim.symbolic("batch"), Dim.fixed(4)))),
                List.of(new TensorInfo("y", ElementType.FLOAT, List.of(Dim.symbolic("batch"), Dim.fixed(2)))),
                10, 40, Map.of("Gemm", 1), List.of(new LayerInfo("fc", "Gemm", 10, 40, 1.0)), Map.of("k", "v"));
    }

    private static EvaluationResult evaluation() {
        return new EvaluationResult(10, 0.9, Optional.empty(), List.of("a", "b"), List.of(1.0, 0.8),
                new int[][] {{2, 0}, {1, 7}}, "flat", "ONNX Runtime 1.23.2", 12);
    }

    private static BenchmarkResult benchmark(long[] samples) {
        return new BenchmarkResult(BenchConfig.DEFAULT, new long[] {1, 4}, LatencyStats.of(samples), 500, 3.5,
                100_000_000, "ONNX Runtime 1.23.2", DEVICE, samples, 1_700_000_000_000L);
    }
}
