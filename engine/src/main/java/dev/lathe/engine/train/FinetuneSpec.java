package dev.lathe.engine.train;

import dev.lathe.engine.parameter.ParameterException;
import java.util.Optional;

/**
 * A recipe's {@code finetune} step with every setting explicit (defaults filled in, the seed resolved from the
 * recipe's when the step gives none), so a variant's provenance records exactly what trained it.
 *
 * @param examples train on the first this many training examples only; empty trains on the whole set
 */
public record FinetuneSpec(int epochs, double learningRate, int batch, FineTuneConfig.Optimizer optimizer, long seed,
                           Optional<Integer> examples) {
    public static final int DEFAULT_EPOCHS = 1;
    public static final double DEFAULT_LEARNING_RATE = 0.001;
    public static final int DEFAULT_BATCH = 64;
    /** Epochs of one step: ImageNet recipes train for at most a few hundred. */
    public static final int MAX_EPOCHS = 10_000;
    /** A training batch: beyond this one batch of images outgrows a desktop's memory. */
    public static final int MAX_BATCH = 65_536;
    public static final FineTuneConfig.Optimizer DEFAULT_OPTIMIZER = FineTuneConfig.Optimizer.ADAM;

    /** @throws ParameterException naming the recipe key of a parameter out of range */
    public FinetuneSpec {
        ParameterException.fromOneTo(epochs, MAX_EPOCHS, "epochs");
        learningRate(learningRate, "lr");
        ParameterException.fromOneTo(batch, MAX_BATCH, "batch");
        examples.ifPresent(n -> ParameterException.atLeastOne(n, "examples"));
    }

    /** A learning rate for Adam or SGD, here and between a prune step's cuts: above 0 and below 1. */
    public static void learningRate(double lr, String key) {
        ParameterException.require(lr > 0 && lr < 1, key, "'" + key + "' (the learning rate) must be above 0 and "
                + "below 1, like 0.001, not " + lr);
    }

    /** The trainer's settings for this step. */
    public FineTuneConfig config() {
        return new FineTuneConfig(optimizer, learningRate, batch, epochs, seed, examples.orElse(0));
    }
}
