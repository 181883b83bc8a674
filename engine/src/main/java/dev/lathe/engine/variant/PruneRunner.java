package dev.lathe.engine.variant;

import dev.lathe.engine.prune.PruneReport;
import dev.lathe.engine.prune.PruneResult;
import dev.lathe.engine.prune.PruneSchedule;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.store.PruningSummary;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.train.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A prune step: a gradual schedule fine-tunes between cuts on the training set, spread evenly over the cuts unless
 * the step says how many examples each cut gets.
 */
final class PruneRunner implements StepRunner<RecipeStep.Prune, StepResult.Pruned> {
    private final TrainingStepRunner training;

    PruneRunner(TrainingStepRunner training) {
        this.training = training;
    }

    @Override
    public StepResult.Pruned run(RecipeStep.Prune p, StepInput in, Progress progress) throws LatheException {
        Optional<TrainingData> data = p.trains() ? in.start().training() : Optional.empty();
        if (p.trains() && data.isEmpty()) {
            throw new RecipeException(in.where() + " (prune, gradual) needs a training set: give one (--train DATASET)");
        }
        PruneResult pruned = training.prune(in.start().name(), in.model(), p.spec(), data, examplesPerCut(p, data),
                p.learningRate(), in.seed(), in.start().listener(), progress);
        PruneReport r = pruned.report();
        return new StepResult.Pruned(pruned.model(), pruningSummary(r), trainingSummary(r), notes(r), pruned.ran());
    }

    /** The report's warnings, then the sentence on whether this kind of pruning makes inference faster. */
    static List<String> notes(PruneReport r) {
        List<String> notes = new ArrayList<>(r.warnings());
        notes.add(r.speed());
        return notes;
    }

    static Optional<dev.lathe.engine.store.TrainingSummary> trainingSummary(PruneReport r) {
        return r.training().isEmpty() ? Optional.empty() : Optional.of(FinetuneRunner.summary(r.training()));
    }

    /** How many examples each cut of a prune step trains on: the step's own figure, else the set spread over the cuts. */
    static int examplesPerCut(RecipeStep.Prune p, Optional<TrainingData> data) {
        int cuts = p.spec().schedule().kind() == PruneSchedule.Kind.GRADUAL ? p.spec().schedule().steps() : 1;
        return p.examplesPerCut().orElse(data.map(d -> Math.max(1, d.data().size() / cuts)).orElse(0));
    }

    static PruningSummary pruningSummary(PruneReport r) {
        return new PruningSummary(r.spec().structure().name().toLowerCase(Locale.ROOT),
                r.paramsBefore(), r.paramsAfter(), r.nonZeroBefore(), r.nonZeroAfter(), r.gzipBefore(), r.gzipAfter(),
                r.layers().stream().map(l -> new PruningSummary.Layer(l.node(), l.opType(),
                        l.unit().name().toLowerCase(Locale.ROOT), l.before(), l.after())).toList(), r.speed());
    }
}
