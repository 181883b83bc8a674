package dev.lathe.engine.variant;

import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;

/**
 * Carries out one kind of recipe step on an ONNX model and says what it made, in that kind's own result type.
 * {@link StepRunners} holds one for each kind; the recipe runner writes, checks and records what they return.
 */
interface StepRunner<S extends RecipeStep, R extends StepResult> {

    R run(S step, StepInput input, Progress progress) throws LatheException;
}
