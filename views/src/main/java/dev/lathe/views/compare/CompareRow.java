package dev.lathe.views.compare;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.store.AccuracyGap;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One model of a family as the Compare view shows it: its latest stored figures (none are estimated) and how it
 * stands against the family's parent.
 *
 * @param evaluation  the Top-1 column's figure: this computer's latest evaluation on the parent's dataset, else the
 *                    latest on it from any device, else the latest on any dataset
 * @param evaluations its latest evaluation on the parent's dataset on each device it was evaluated on, by device id
 * @param benchmarks  its latest complete benchmark run on each device it ran on, by device id; interrupted runs are
 *                    left out, their figures cover only part of a run
 * @param fidelity    its outputs against the parent's, once measured
 */
public record CompareRow(ModelRecord model, boolean isParent, Optional<StoredEvaluation> evaluation,
                         Map<String, StoredEvaluation> evaluations, Map<String, StoredBenchmark> benchmarks,
                         Optional<FidelityReport> fidelity) {

    public CompareRow {
        evaluations = Map.copyOf(evaluations);
        benchmarks = Map.copyOf(benchmarks);
    }

    public CompareRow withFidelity(FidelityReport report) {
        return new CompareRow(model, isParent, evaluation, evaluations, benchmarks, Optional.of(report));
    }

    public Optional<Double> top1() {
        return evaluation.map(e -> e.result().top1());
    }

    /** Top-1 on {@code deviceId}, on the parent's dataset, if it was evaluated there. */
    public Optional<Double> top1(String deviceId) {
        return Optional.ofNullable(evaluations.get(deviceId)).map(e -> e.result().top1());
    }

    /** Every device whose top-1 differs from this computer's on the same examples past {@link AccuracyGap}'s limit. */
    public List<AccuracyGap> accuracyFlags(String thisComputer) {
        StoredEvaluation here = evaluations.get(thisComputer);
        if (here == null) {
            return List.of();
        }
        return evaluations.values().stream().flatMap(there -> AccuracyGap.between(there, here).stream())
                .filter(AccuracyGap::flagged).toList();
    }

    /**
     * Top-1 change to the parent in percentage points, only when both were evaluated on the same examples (the same
     * data, as many of them) on the same device.
     */
    public Optional<Double> top1DeltaPoints(CompareRow parent) {
        if (isParent || evaluation.isEmpty() || parent.evaluation.isEmpty()
                || !evaluation.get().sameExamplesAs(parent.evaluation.get())
                || !evaluation.get().deviceId().equals(parent.evaluation.get().deviceId())) {
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
