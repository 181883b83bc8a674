package dev.lathe.engine.prune;

import dev.lathe.engine.train.EpochResult;
import java.util.List;

/**
 * What a pruning run did, measured on the exported model: every figure is counted from the files, not predicted.
 *
 * @param paramsBefore  float values stored in the parent (initializers)
 * @param nonZeroAfter  stored values that are not zero: what unstructured pruning reduces
 * @param gzipBefore    gzip-compressed size of the parent's ONNX file, the size that zeroed weights shrink
 * @param training      every fine-tuning epoch, in order, over all schedule steps
 * @param speed         a plain sentence on whether this kind of pruning makes inference faster
 */
public record PruneReport(PruneSpec spec, List<LayerPruning> layers, long paramsBefore, long paramsAfter,
                          long nonZeroBefore, long nonZeroAfter, long bytesBefore, long bytesAfter, long gzipBefore,
                          long gzipAfter, List<EpochResult> training, List<String> warnings, String speed) {
    public PruneReport {
        layers = List.copyOf(layers);
        training = List.copyOf(training);
        warnings = List.copyOf(warnings);
    }
}
