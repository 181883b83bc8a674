package dev.lathe.engine.report;

import static dev.lathe.engine.report.Column.Shown.COUNT;
import static dev.lathe.engine.report.Column.Shown.DECIMAL;
import static dev.lathe.engine.report.Column.Shown.HASH;
import static dev.lathe.engine.report.Column.Shown.PROSE;
import static dev.lathe.engine.report.Column.Shown.TIME;
import static dev.lathe.engine.report.Column.Shown.MIB_OF_BYTES;
import static dev.lathe.engine.report.Column.Shown.MILLIS;
import static dev.lathe.engine.report.Column.Shown.PERCENT_OF_FRACTION;
import static dev.lathe.engine.report.Column.figure;
import static dev.lathe.engine.report.Column.text;

import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.LatencyDrift;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.quantize.LayerError;
import dev.lathe.engine.report.FamilyReport.Member;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The tables of a family's report, each a CSV file, a key of the JSON and a table on the page. */
public final class ReportTables {
    private ReportTables() {
    }

    public static List<Table> of(FamilyReport report) {
        return List.of(variants(report), accuracy(report), latency(report), runs(report), layerErrors(report),
                devices(report), ProvenanceTable.of(report));
    }

    static Table variants(FamilyReport report) {
        List<List<Object>> rows = new ArrayList<>();
        for (Member m : report.members()) {
            rows.add(Arrays.asList(m.name(), m.depth(), m.model().sha256(), m.model().parentSha256().orElse(null),
                    m.model().format().displayName(), m.model().fileBytes(), m.model().parameters(),
                    m.variant().map(v -> v.provenance().recipeName()).orElse(null),
                    m.variant().map(v -> v.provenance().step()).orElse(null), m.model().addedAt().toString()));
        }
        return new Table("variants", "Variants", "Size is the variant's file; depth 0 is the family's root.",
                List.of(text("variant", "Variant"), figure("depth", "Depth", COUNT), figure("sha256", "SHA-256", HASH),
                        figure("parent_sha256", "Parent", HASH), text("format", "Format"),
                        figure("file_bytes", "Size MiB", MIB_OF_BYTES), figure("parameters", "Parameters", COUNT),
                        text("recipe", "Recipe"), text("step", "Step"), figure("added_at", "Added (UTC)", TIME)), rows);
    }

    static Table accuracy(FamilyReport report) {
        List<List<Object>> rows = new ArrayList<>();
        for (Member m : report.members()) {
            for (StoredEvaluation e : m.evaluations()) {
                rows.add(Arrays.asList(m.name(), e.device().name(), e.datasetName(), e.datasetSha256(),
                        e.result().samples(), e.result().top1(), e.result().top5().orElse(null), e.result().runtime(),
                        e.createdAt().toString()));
            }
        }
        return new Table("accuracy", "Accuracy per device", "Every stored evaluation, newest first per variant. "
                + "Top-1 figures compare only on the same dataset (by hash) and the same number of examples.",
                List.of(text("variant", "Variant"), text("device", "Device"), text("dataset", "Dataset"),
                        figure("dataset_sha256", "Dataset SHA-256", HASH), figure("examples", "Examples", COUNT),
                        figure("top1", "Top-1", PERCENT_OF_FRACTION), figure("top5", "Top-5", PERCENT_OF_FRACTION),
                        text("runtime", "Runtime"), figure("measured_at", "Measured (UTC)", TIME)), rows);
    }

    static Table latency(FamilyReport report) {
        List<List<Object>> rows = new ArrayList<>();
        for (Member m : report.members()) {
            Set<String> seen = new HashSet<>();
            for (StoredBenchmark b : m.benchmarks()) {
                BenchmarkResult r = b.result();
                String key = r.device().id() + "\n" + r.runtime() + "\n" + r.config().batch() + "\n" + r.config().threads();
                if (b.complete() && seen.add(key)) {
                    rows.add(Arrays.asList(m.name(), r.device().name(), r.runtime(), r.config().batch(),
                            r.config().threads(), r.stats().count(), r.stats().p50Ms(), r.stats().p99Ms(),
                            r.stats().meanMs(), r.throughput(), known(r.loadMillis()), knownBytes(r.peakRssBytes()),
                            b.id()));
                }
            }
        }
        return new Table("latency", "Latency per device and runtime", "The newest finished run of each variant per "
                + "device, runtime, batch and threads; every run is in the runs table.",
                List.of(text("variant", "Variant"), text("device", "Device"), text("runtime", "Runtime"),
                        figure("batch", "Batch", COUNT), figure("threads", "Threads", COUNT), figure("runs", "Runs", COUNT),
                        figure("p50_ms", "p50 ms", MILLIS), figure("p99_ms", "p99 ms", MILLIS),
                        figure("mean_ms", "Mean ms", MILLIS), figure("throughput_per_s", "Per second", DECIMAL),
                        figure("load_ms", "Load ms", MILLIS), figure("peak_rss_bytes", "Peak MiB", MIB_OF_BYTES),
                        figure("run_id", "Run", COUNT)), rows);
    }

    static Table runs(FamilyReport report) {
        List<List<Object>> rows = new ArrayList<>();
        for (Member m : report.members()) {
            for (StoredBenchmark b : m.benchmarks()) {
                BenchmarkResult r = b.result();
                rows.add(Arrays.asList(b.id(), m.name(), r.device().name(), r.runtime(),
                        b.interrupted() ? "interrupted" : "complete", r.stats().count(), r.stats().p50Ms(),
                        r.stats().p99Ms(), known(r.loadMillis()), knownBytes(r.peakRssBytes()),
                        LatencyDrift.ratio(r.samplesNanos()).orElse(null),
                        LatencyDrift.warning(r.samplesNanos()).orElse(""), b.interruption().orElse(""),
                        b.createdAt().toString()));
            }
        }
        return new Table("runs", "All benchmark runs", "Every stored run on every device, as on the board wall. "
                + "Throttling is judged from the stored latencies (the last tenth's median against the first "
                + "tenth's, flagged above " + Math.round((LatencyDrift.DRIFT - 1) * 100) + " %); clock and "
                + "temperature readings are not stored with runs.",
                List.of(figure("run_id", "Run", COUNT), text("variant", "Variant"), text("device", "Device"),
                        text("runtime", "Runtime"), text("status", "Status"), figure("runs", "Runs", COUNT),
                        figure("p50_ms", "p50 ms", MILLIS), figure("p99_ms", "p99 ms", MILLIS),
                        figure("load_ms", "Load ms", MILLIS), figure("peak_rss_bytes", "Peak MiB", MIB_OF_BYTES),
                        figure("drift_ratio", "Drift", DECIMAL), figure("throttling", "Throttling", PROSE),
                        figure("interruption", "Interrupted because", PROSE), figure("stored_at", "Stored (UTC)", TIME)), rows);
    }

    static Table layerErrors(FamilyReport report) {
        List<List<Object>> rows = new ArrayList<>();
        for (Member m : report.members()) {
            if (m.variant().isEmpty()) {
                continue;
            }
            for (LayerError e : m.variant().get().report().layerErrors()) {
                rows.add(Arrays.asList(m.name(), e.node(), e.op(), e.tensor(), e.sqnrDb(), e.relativeError()));
            }
        }
        return new Table("layer-errors", "Per-layer quantization error", "How far each quantized layer's output "
                + "strays from the float model's on the calibration data, worst first (SQNR: higher is better).",
                List.of(text("variant", "Variant"), text("node", "Node"), text("op", "Op"), text("tensor", "Tensor"),
                        figure("sqnr_db", "SQNR dB", DECIMAL), figure("relative_error", "Relative error", DECIMAL)), rows);
    }

    static Table devices(FamilyReport report) {
        List<List<Object>> rows = new ArrayList<>();
        for (DeviceFingerprint d : report.devices()) {
            rows.add(Arrays.asList(d.id(), d.name(), d.cpuModel(), d.cores(), d.memoryBytes(), d.os(), d.arch(),
                    d.int8Path().label(), d.bf16().label(), d.jvm(), d.runtimesLabel()));
        }
        return new Table("devices", "Devices", "As each device was last seen by a stored run. Accuracy of int8 "
                + "variants depends on the int8 path.",
                List.of(text("device_id", "Id"), text("device", "Device"), text("cpu", "CPU"),
                        figure("cores", "Cores", COUNT), figure("memory_bytes", "Memory MiB", MIB_OF_BYTES), text("os", "OS"),
                        text("arch", "Arch"), text("int8_path", "int8 path"), text("bf16", "bf16"),
                        text("jvm", "JVM"), text("runtimes", "Runtimes")), rows);
    }

    /** A figure the device reports as -1 when it does not know it (a run that ended early). */
    private static Double known(double value) {
        return value < 0 || Double.isNaN(value) ? null : value;
    }

    private static Long knownBytes(long bytes) {
        return bytes < 0 ? null : bytes;
    }
}
