package dev.lathe.engine.train;

import ai.djl.ndarray.NDArray;

/**
 * The quantity a training step minimises, so steps other than plain fine-tuning (distillation's soft targets) reuse
 * the same seeded, cancellable loop. It receives the first output as log-probabilities (log-softmax of logits, or the
 * log of a Softmax output), which differ from the logits only by a per-example constant that any softmax of them,
 * at any temperature, cancels.
 */
@FunctionalInterface
public interface TrainingLoss {
    /** Mean cross-entropy against the labels: what fine-tuning minimises. */
    TrainingLoss CROSS_ENTROPY = (logProbabilities, labels, examples) -> crossEntropy(logProbabilities, labels);

    /**
     * The mean loss over the batch, recorded for gradients.
     *
     * @param logProbabilities batch × classes
     * @param labels           the batch's labels as an int array
     * @param examples         the dataset index of each row, so a loss can look up per-example targets
     */
    NDArray mean(NDArray logProbabilities, NDArray labels, int[] examples);

    /** Mean negative log-likelihood of the labels. */
    static NDArray crossEntropy(NDArray logProbabilities, NDArray labels) {
        int classes = (int) logProbabilities.getShape().get(1);
        return logProbabilities.mul(labels.oneHot(classes)).sum(new int[] {1}).neg().mean();
    }
}
