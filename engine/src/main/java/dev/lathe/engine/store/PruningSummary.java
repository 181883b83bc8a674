package dev.lathe.engine.store;

import java.util.List;

/**
 * What a prune step did, as the variant report keeps it: counted from the files, never predicted.
 *
 * @param structure    {@code unstructured} (weights zeroed) or {@code channel} (filters and neurons removed)
 * @param nonZeroAfter stored values that are not zero, what unstructured pruning reduces
 * @param gzipBefore   gzip-compressed size of the parent's ONNX file: the size that zeroed weights shrink
 * @param speed        a plain sentence on whether this kind of pruning makes inference faster
 */
public record PruningSummary(String structure, long paramsBefore, long paramsAfter, long nonZeroBefore,
                             long nonZeroAfter, long gzipBefore, long gzipAfter, List<Layer> layers, String speed) {
    public PruningSummary {
        layers = List.copyOf(layers);
    }

    /**
     * One layer before and after, in weights (unstructured) or output channels (channel).
     *
     * @param unit {@code weights} or {@code channels}
     */
    public record Layer(String node, String op, String unit, long before, long after) {
        /** The fraction removed, 0 to 1. */
        public double sparsity() {
            return before == 0 ? 0 : 1 - (double) after / before;
        }
    }
}
