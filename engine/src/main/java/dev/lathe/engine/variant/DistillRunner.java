package dev.lathe.engine.variant;

import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.train.TrainedModel;

/** A distill step: a student trained to match the step's input model, its teacher. */
final class DistillRunner implements StepRunner<RecipeStep.Distill, StepResult.Distilled> {
    private final TrainingStepRunner training;

    DistillRunner(TrainingStepRunner training) {
        this.training = training;
    }

    @Override
    public StepResult.Distilled run(RecipeStep.Distill d, StepInput in, Progress progress) throws LatheException {
        TrainedModel student = training.distill(in.start().name(), in.model(), in.file(), d.spec(),
                in.training("distill"), d.examples().orElse(0), in.start().listener(), progress);
        return new StepResult.Distilled(student.model(), FinetuneRunner.summary(student.epochs()), student.ran());
    }
}
