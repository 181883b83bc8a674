package dev.lathe.views.chart;

/**
 * One point of a training curve.
 *
 * @param epoch    epochs trained so far, fractional within an epoch, so the curve moves during the first one
 * @param loss     mean loss over the epoch's batches so far
 * @param accuracy share of the epoch's examples so far predicted right, 0 to 1
 */
public record TrainingPoint(double epoch, double loss, double accuracy) {
}
