package dev.lathe.engine;

/**
 * Hears a training step's figures as they are measured, for live curves. Apart from {@link Progress} because a
 * curve needs numbers, not a line of text. Called on the training thread after each batch, so an implementation
 * must be quick and thread-safe: queue the figures and draw them elsewhere. Both methods do nothing by default, so a
 * listener hears only what it needs.
 */
public interface TrainingListener {
    /** Hears nothing: runs without a screen (the CLI, tests) pass this. */
    TrainingListener NONE = new TrainingListener() {
    };

    /**
     * One batch trained.
     *
     * @param step           batches trained so far in this run, from 1
     * @param epoch          the epoch it belongs to, from 1
     * @param batchInEpoch   its number within the epoch, from 1
     * @param loss           the batch's mean loss
     * @param accuracy       the share of the batch's examples predicted right, 0 to 1
     */
    default void batch(int step, int epoch, int batchInEpoch, int batchesPerEpoch, double loss, double accuracy) {
    }

    /** One epoch finished: its mean loss and accuracy over all its examples, and how long it took. */
    default void epoch(int epoch, double meanLoss, double accuracy, long millis) {
    }
}
