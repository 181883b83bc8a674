package dev.lathe.engine.variant;

import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.store.TrainingSummary;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.train.EpochResult;
import dev.lathe.engine.train.TrainedModel;
import java.util.List;

/** A finetune step: the model trained further on the run's training set. */
final class FinetuneRunner implements StepRunner<RecipeStep.Finetune, StepResult.Finetuned> {
    private final TrainingStepRunner training;

    FinetuneRunner(TrainingStepRunner training) {
        this.training = training;
    }

    @Override
    public StepResult.Finetuned run(RecipeStep.Finetune f, StepInput in, Progress progress) throws LatheException {
        TrainedModel trained = training.finetune(in.start().name(), in.model(), f.spec(), in.training("finetune"),
                in.start().listener(), progress);
        return new StepResult.Finetuned(trained.model(), summary(trained.epochs()), trained.ran());
    }

    /** The last epoch's figures and the time all epochs took. */
    static TrainingSummary summary(List<EpochResult> epochs) {
        EpochResult last = epochs.get(epochs.size() - 1);
        long millis = epochs.stream().mapToLong(EpochResult::millis).sum();
        return new TrainingSummary(epochs.size(), last.examples(), last.meanLoss(), last.accuracy(), millis);
    }
}
