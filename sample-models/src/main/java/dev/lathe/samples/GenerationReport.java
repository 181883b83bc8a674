package dev.lathe.samples;

import java.time.Duration;
import java.util.List;

/** What one generator run did and measured: the README is written from this alone. */
public record GenerationReport(GeneratorOptions options, String engine, int trainImages, int testImages,
        List<CnnTrainer.EpochResult> epochs, Duration trainingTime, String layers, long multiplyAdds, Verification verification,
        OnnxFileFacts file) {
}
