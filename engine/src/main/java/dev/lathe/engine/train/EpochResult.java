package dev.lathe.engine.train;

/**
 * One pass over the training examples. Loss and accuracy are measured on the batches as they were trained (training
 * mode: batch statistics, dropout on), the way training frameworks report them, not by a separate evaluation.
 */
public record EpochResult(int epoch, int examples, double meanLoss, double accuracy, long millis) {
}
