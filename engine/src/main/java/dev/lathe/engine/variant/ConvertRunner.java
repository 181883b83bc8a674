package dev.lathe.engine.variant;

import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;

/** A convert step: weights and compute to half precision. */
final class ConvertRunner implements StepRunner<RecipeStep.Convert, StepResult.Converted> {
    private final QuantizeStepRunner steps;

    ConvertRunner(QuantizeStepRunner steps) {
        this.steps = steps;
    }

    @Override
    public StepResult.Converted run(RecipeStep.Convert step, StepInput in, Progress progress) throws LatheException {
        return new StepResult.Converted(steps.convert(in.model(), step.precision(), progress));
    }
}
