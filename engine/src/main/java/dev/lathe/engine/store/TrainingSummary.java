package dev.lathe.engine.store;

/**
 * How a training step went, as the variant report keeps it: the last epoch's figures (measured on the batches as
 * they were trained) and the time all epochs took.
 *
 * @param examples training examples per epoch
 */
public record TrainingSummary(int epochs, int examples, double finalLoss, double finalAccuracy, long millis) {
}
