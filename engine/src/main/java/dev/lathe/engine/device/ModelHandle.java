package dev.lathe.engine.device;

import dev.lathe.engine.model.ModelFormat;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A model file to run, with the input shape a user gave for models that declare none (TorchScript).
 */
public record ModelHandle(Path file, ModelFormat format, Optional<long[]> inputShape) {
    public String name() {
        return file.getFileName().toString();
    }
}
