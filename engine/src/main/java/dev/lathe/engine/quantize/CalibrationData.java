package dev.lathe.engine.quantize;

import dev.lathe.engine.runtime.FloatTensor;
import java.util.List;
import java.util.Optional;

/**
 * Preprocessed model inputs to calibrate activation ranges on, with the SHA-256 of the dataset they came from
 * (recorded in the variant's provenance) and how they were drawn from it, when they were drawn from a dataset.
 */
public record CalibrationData(List<FloatTensor> batches, String datasetSha256, Optional<Draw> draw) {

    /**
     * How examples were chosen from the dataset: {@code examples} asked for (fewer when the dataset holds fewer), picked
     * by {@code seed}. A run that draws as many with the same seed from the same dataset calibrates on the same ones.
     */
    public record Draw(int examples, long seed) {
    }

    /** Examples given as they are, not drawn from a dataset. */
    public CalibrationData(List<FloatTensor> batches, String datasetSha256) {
        this(batches, datasetSha256, Optional.empty());
    }

    public CalibrationData {
        batches = List.copyOf(batches);
        draw = draw == null ? Optional.empty() : draw;
    }

    public int examples() {
        return batches.stream().mapToInt(FloatTensor::rows).sum();
    }
}
