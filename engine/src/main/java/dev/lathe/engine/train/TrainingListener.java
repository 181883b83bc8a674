package dev.lathe.engine.train;

import dev.lathe.engine.task.Progress;

/**
 * Hears a training step's figures as they are measured, for live curves. Apart from {@link Progress} because a
 * curve needs numbers, not a line of text. Called on the training thread after each batch, so an implementation
 * must be quick and thread-safe: queue the figures and draw them elsewhere. Every method does nothing by default, so
 * a listener hears only what it needs.
 *
 * <p>A recipe run calls, in order: {@link #recipeStep} for each step; for a gradual prune step {@link #cut} before
 * each cut's fine-tuning; {@link #started} as each training begins (a finetune step, a distill step, one cut's
 * fine-tuning), then its {@link #batch batches} and {@link #epoch epochs}, numbered from 1 within that training.
 */
public interface TrainingListener {
    /** Hears nothing: runs without a screen (the CLI, tests) pass this. */
    TrainingListener NONE = new TrainingListener() {
    };

    /**
     * A recipe's step begins, trained or not.
     *
     * @param index its number in the recipe, from 1
     * @param count how many steps the recipe has
     * @param kind  the step's kind as a recipe names it: {@code finetune}, {@code prune}, {@code distill},
     *              {@code quantize}, {@code convert}
     */
    default void recipeStep(int index, int count, String kind) {
    }

    /**
     * A gradual prune has made its cut {@code cut} of {@code cuts} (from 1), bringing the model to {@code sparsity}
     * (0 to 1), and the fine-tuning that follows it is about to start.
     */
    default void cut(int cut, int cuts, double sparsity) {
    }

    /**
     * A training begins: {@code epochs} passes of {@code batchesPerEpoch} batches each. The batch and epoch numbers
     * that follow count from 1 again.
     */
    default void started(int epochs, int batchesPerEpoch) {
    }

    /**
     * One batch trained.
     *
     * @param step           batches trained so far in this training, from 1
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
