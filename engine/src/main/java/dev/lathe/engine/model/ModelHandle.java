package dev.lathe.engine.model;

import dev.lathe.engine.model.ModelFormat;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A model file to run, with the input shape a user gave for models that declare none (TorchScript), and the name
 * messages call it by: the file's name, except on an agent, which keeps uploads under their hash and uses the name
 * the workbench sent.
 */
public record ModelHandle(Path file, ModelFormat format, Optional<long[]> inputShape, String name) {
    public ModelHandle(Path file, ModelFormat format, Optional<long[]> inputShape) {
        this(file, format, inputShape, file.getFileName().toString());
    }
}
