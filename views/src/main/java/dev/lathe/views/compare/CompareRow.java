package dev.lathe.views.compare;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import java.util.Optional;

/**
 * One model of a family as the Compare view shows it: its latest stored figures (none are estimated) and how it
 * stands against the family's parent.
 *
 * @param evaluation the latest evaluation on the parent's dataset, else its latest on any
 * @param fidelity   its outputs against the parent's, once measured
 */
public record CompareRow(ModelRecord model, boolean isParent, Optional<StoredEvaluation> evaluation,
                         Optional<StoredBenchmark> benchmark, Optional<FidelityReport> fidelity) {

    public CompareRow withFidelity(FidelityReport report) {
        return new CompareRow(model, isParent, evaluation, benchmark, Optional.of(report));
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

    public Optional<Double> p50Ms() {
        return benchmark.map(b -> b.result().stats().p50Ms());
    }

    public Optional<Double> p99Ms() {
        return benchmark.map(b -> b.result().stats().p99Ms());
    }

    /** How many times smaller than the parent's file. */
    public double sizeRatio(CompareRow parent) {
        return (double) parent.model.fileBytes() / model.fileBytes();
    }

    /**
     * The parent's p50 over this one's (above 1 is faster), only between runs of the same batch and threads on the
     * same device: a board's figure against this computer's would be no speedup at all.
     */
    public Optional<Double> speedup(CompareRow parent) {
        if (p50Ms().isEmpty() || parent.p50Ms().isEmpty() || p50Ms().get() <= 0) {
            return Optional.empty();
        }
        BenchConfig mine = benchmark.get().result().config();
        BenchConfig theirs = parent.benchmark.get().result().config();
        if (mine.batch() != theirs.batch() || mine.threads() != theirs.threads()
                || !benchmark.get().result().device().id().equals(parent.benchmark.get().result().device().id())) {
            return Optional.empty();
        }
        return Optional.of(parent.p50Ms().get() / p50Ms().get());
    }
}
