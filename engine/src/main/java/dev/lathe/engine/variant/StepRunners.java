package dev.lathe.engine.variant;

import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;

/** One runner for each kind of step, chosen by the step's own type. */
final class StepRunners {
    private final QuantizeRunner quantize;
    private final ConvertRunner convert;
    private final PruneRunner prune;
    private final FinetuneRunner finetune;
    private final DistillRunner distill;

    StepRunners(QuantizeStepRunner steps, TrainingStepRunner training) {
        this.quantize = new QuantizeRunner(steps);
        this.convert = new ConvertRunner(steps);
        this.prune = new PruneRunner(training);
        this.finetune = new FinetuneRunner(training);
        this.distill = new DistillRunner(training);
    }

    StepResult run(RecipeStep step, StepInput in, Progress progress) throws LatheException {
        if (step instanceof RecipeStep.Quantize q) {
            return quantize.run(q, in, progress);
        }
        if (step instanceof RecipeStep.Convert c) {
            return convert.run(c, in, progress);
        }
        if (step instanceof RecipeStep.Prune p) {
            return prune.run(p, in, progress);
        }
        if (step instanceof RecipeStep.Finetune f) {
            return finetune.run(f, in, progress);
        }
        return distill.run((RecipeStep.Distill) step, in, progress);
    }
}
