package dev.lathe.engine.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A model file to run, with the input shape a user gave for models that declare none (TorchScript), the name
 * messages call it by (the file's name, except on an agent, which keeps uploads under their hash and uses the name
 * the workbench sent), and the file's SHA-256 when whoever made the handle has checked the file against it: the
 * workbench hashes a stored model's file once, before a run, and everything after (an upload to a board) uses that.
 *
 * @param sha256 the file's verified hash; empty for a handle made without reading the file
 */
public record ModelHandle(Path file, ModelFormat format, Optional<long[]> inputShape, String name,
                          Optional<String> sha256) {
    public ModelHandle(Path file, ModelFormat format, Optional<long[]> inputShape, String name) {
        this(file, format, inputShape, name, Optional.empty());
    }

    public ModelHandle(Path file, ModelFormat format, Optional<long[]> inputShape) {
        this(file, format, inputShape, file.getFileName().toString());
    }

    /** A handle for a file whose content was just checked to hash to {@code sha256}. */
    public static ModelHandle verified(Path file, ModelFormat format, Optional<long[]> inputShape, String sha256) {
        return new ModelHandle(file, format, inputShape, file.getFileName().toString(), Optional.of(sha256));
    }

    /** The same model run at {@code shape}. */
    public ModelHandle withInputShape(Optional<long[]> shape) {
        return new ModelHandle(file, format, shape, name, sha256);
    }
}
