package dev.lathe.views.benchmark;

import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.views.common.Figure;
import dev.lathe.views.common.Formats;
import java.util.ArrayList;
import java.util.List;

/** The rows of a benchmark's figure table, every one of them measured by the run itself. */
final class BenchmarkFigures {
    /** How a run the device broke off is marked wherever runs are listed. */
    static final String INTERRUPTED_MARK = "(interrupted)";

    private BenchmarkFigures() {
    }

    static List<Figure> latency(StoredBenchmark run) {
        LatencyStats s = run.result().stats();
        List<Figure> rows = new ArrayList<>();
        // A broken-off run's figures cover the runs kept; the Run table says why it ended.
        rows.add(new Figure(run.interrupted() ? "Runs kept" : "Counted runs", Formats.count(s.count())));
        rows.add(new Figure("Min", Formats.millis(s.minMs())));
        rows.add(new Figure("Mean", Formats.millis(s.meanMs())));
        rows.add(new Figure("Std", Formats.millis(s.stdMs())));
        rows.add(new Figure("p50", Formats.millis(s.p50Ms())));
        rows.add(new Figure("p90", Formats.millis(s.p90Ms())));
        rows.add(new Figure("p95", Formats.millis(s.p95Ms())));
        rows.add(new Figure("p99", Formats.millis(s.p99Ms())));
        rows.add(new Figure("Max", Formats.millis(s.maxMs())));
        return rows;
    }

    /** @param device what the device that measured it is called, as {@code BenchmarkViewModel#deviceName} says */
    static List<Figure> run(StoredBenchmark run, String device) {
        BenchmarkResult r = run.result();
        List<Figure> rows = new ArrayList<>();
        run.interruption().ifPresent(reason -> rows.add(new Figure("Interrupted", reason)));
        rows.add(new Figure("Throughput", Formats.decimal(r.throughput(), 1) + " examples/s"));
        // A broken-off run never got the device's summary, which carries these two.
        rows.add(new Figure("Load time", r.loadMillis() < 0 ? "unknown" : Formats.millis(r.loadMillis())));
        rows.add(new Figure("Peak RSS", r.peakRssBytes() < 0 ? "unknown" : Formats.bytes(r.peakRssBytes())));
        rows.add(new Figure("Input", r.inputShape().length == 0 ? "unknown" : Formats.shape(r.inputShape())));
        rows.add(new Figure("Batch", Integer.toString(r.config().batch())));
        rows.add(new Figure("Threads", Integer.toString(r.config().threads())));
        rows.add(new Figure("Warm-up", r.config().warmup() + " runs"));
        rows.add(new Figure("Runtime", r.runtime()));
        rows.add(new Figure("Device", device));
        rows.add(new Figure("Host", r.device().describe()));
        rows.add(new Figure("Started", Formats.when(r.startedAtEpochMillis())));
        return rows;
    }
}
