package dev.lathe.views.chart;

/**
 * One point of a training curve.
 *
 * @param epoch    epochs trained so far in the run, fractional within an epoch, so the curve moves during the first
 *                 one; a run that trains several times (a prune's cuts, a recipe's steps) counts on across them
 * @param loss     mean loss over the epoch's batches so far
 * @param accuracy share of the epoch's examples so far predicted right, 0 to 1
 * @param phase    which training the point belongs to, like {@code prune cut 2/3} or {@code step 2: finetune}; the
 *                 chart marks where each begins. Empty for a run that trains once, which needs no mark
 */
public record TrainingPoint(double epoch, double loss, double accuracy, String phase) {
    /** A point of a run that trains once. */
    public TrainingPoint(double epoch, double loss, double accuracy) {
        this(epoch, loss, accuracy, "");
    }
}
