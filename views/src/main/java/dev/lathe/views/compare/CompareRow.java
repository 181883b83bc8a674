package dev.lathe.views.compare;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import java.util.Map;
import java.util.Optional;

/**
 * One model of a family as the Compare view shows it: its latest stored figures (none are estimated) and how it
 * stands against the family's parent.
 *
 * @param evaluation the latest evaluation on the parent's dataset, else its latest on any
 * @param benchmarks its latest complete benchmark run on each device it ran on, by device id; interrupted runs are
 *                   left out, their figures cover only part of a run
 * @param fidelity   its outputs against the parent's, once measured
 */
public record CompareRow(ModelRecord model, boolean isParent, Optional<StoredEvaluation> evaluation,
                         Map<String, StoredBenchmark> benchmarks, Optional<FidelityReport> fidelity) {

    public CompareRow {
        benchmarks = Map.copyOf(benchmarks);
    }

    public CompareRow withFidelity(FidelityReport report) {
        return new CompareRow(model, isParent, evaluation, benchmarks, Optional.of(report));
    }

    public Optional<Double> top1() {
        return evaluation.map(e -> e.result().top1());
    }

    /** Top-1 change to the parent in percentage points, only when both were evaluated on the same data. */
    public Optional<Double> top1DeltaPoints(CompareRow parent) {
        if (isParent || evaluation.isEmpty() || parent.evaluation.isEmpty()
                || !evaluation.get().datasetSha256().equals(parent.evaluation.get().datasetSha256())) {
            return Optional.empty();
        }
        return Optional.of((top1().get() - parent.top1().get()) * 100);
    }

    /** The latest complete run on {@code deviceId}, if it ran there. */
    public Optional<StoredBenchmark> benchmark(String deviceId) {
        return Optional.ofNullable(benchmarks.get(deviceId));
    }

    public Optional<Double> p50Ms(String deviceId) {
        return benchmark(deviceId).map(b -> b.result().stats().p50Ms());
    }

    public Optional<Double> p99Ms(String deviceId) {
        return benchmark(deviceId).map(b -> b.result().stats().p99Ms());
    }

    /** How many times smaller than the parent's file. */
    public double sizeRatio(CompareRow parent) {
        return (double) parent.model.fileBytes() / model.fileBytes();
    }

    /**
     * The parent's p50 over this one's on {@code deviceId} (above 1 is faster), only between runs of the same batch
     * and threads: a board's figure against this computer's would be no speedup at all, so there is one per device.
     */
    public Optional<Double> speedup(CompareRow parent, String deviceId) {
        Optional<StoredBenchmark> mine = benchmark(deviceId);
        Optional<StoredBenchmark> theirs = parent.benchmark(deviceId);
        if (mine.isEmpty() || theirs.isEmpty() || mine.get().result().stats().p50Ms() <= 0) {
            return Optional.empty();
        }
        BenchConfig a = mine.get().result().config();
        BenchConfig b = theirs.get().result().config();
        if (a.batch() != b.batch() || a.threads() != b.threads()) {
            return Optional.empty();
        }
        return Optional.of(theirs.get().result().stats().p50Ms() / mine.get().result().stats().p50Ms());
    }
}
