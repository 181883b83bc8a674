package dev.lathe.engine.quantize;

import dev.lathe.engine.runtime.FloatTensor;
import java.util.List;

/**
 * Preprocessed model inputs to calibrate activation ranges on, with the SHA-256 of the dataset they came from
 * (recorded in the variant's provenance).
 */
public record CalibrationData(List<FloatTensor> batches, String datasetSha256) {
    public CalibrationData {
        batches = List.copyOf(batches);
    }

    public int examples() {
        return batches.stream().mapToInt(FloatTensor::rows).sum();
    }
}
