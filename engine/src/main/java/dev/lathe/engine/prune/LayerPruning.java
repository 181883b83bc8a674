package dev.lathe.engine.prune;

/**
 * What pruning left of one layer: weights still non-zero (unstructured) or output channels still there (channel).
 *
 * @param before the count in the parent model
 * @param after  the count in the pruned model
 */
public record LayerPruning(String node, String opType, Unit unit, long before, long after) {

    public enum Unit { WEIGHTS, CHANNELS }

    /** The fraction removed, 0 to 1. */
    public double sparsity() {
        return before == 0 ? 0 : 1 - (double) after / before;
    }
}
