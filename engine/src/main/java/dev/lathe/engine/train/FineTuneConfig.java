package dev.lathe.engine.train;

/**
 * How to fine-tune: every setting explicit, so a run's provenance can record it and a rerun with the same values
 * (and the same seed) reproduces the weights bit for bit.
 *
 * @param limit train on the first {@code limit} examples only; 0 uses the whole dataset
 */
public record FineTuneConfig(Optimizer optimizer, double learningRate, int batchSize, int epochs, long seed,
                             int limit) {

    /** The update rule; both run without momentum or weight decay unless the rule has them built in (Adam). */
    public enum Optimizer { SGD, ADAM }

    public FineTuneConfig {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, not " + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, not " + batchSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, not " + epochs);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (all examples) or more, not " + limit);
        }
    }
}
