package dev.lathe.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.device.DeviceFingerprint;
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
            1L << 34, "Linux 6.1", "amd64", "OpenJDK 17", "ONNX Runtime 1.23.2");

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
