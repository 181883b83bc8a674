package dev.lathe.engine.train;

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
    public static final FineTuneConfig.Optimizer DEFAULT_OPTIMIZER = FineTuneConfig.Optimizer.ADAM;

    public FinetuneSpec {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be 1 or more, not " + epochs);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learningRate must be above 0 and below 1, not " + learningRate);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be 1 or more, not " + batch);
        }
        if (examples.isPresent() && examples.get() < 1) {
            throw new IllegalArgumentException("examples must be 1 or more, not " + examples.get());
        }
    }

    /** The trainer's settings for this step. */
    public FineTuneConfig config() {
        return new FineTuneConfig(optimizer, learningRate, batch, epochs, seed, examples.orElse(0));
    }
}
