package dev.lathe.engine.runtime;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A runtime wired in by whoever builds the registry, through a {@link Runtimes.SessionOpener}: how TorchScript
 * reaches libtorch without this package depending on {@code runtime.torchscript}. Its version is known from the
 * sessions it opens.
 */
record OpenerRuntime(String name, Runtimes.SessionOpener opener) implements FormatRuntime {

    /** The one runtime wired in this way is libtorch (PyTorch through DJL). */
    @Override
    public String id() {
        return "libtorch";
    }

    @Override
    public String version() {
        return "(known once the first model loads)";
    }

    @Override
    public InferenceSession open(Path model, String modelName, Optional<long[]> inputShape, SessionOptions options)
            throws InferenceException {
        return opener.open(model, inputShape, options);
    }
}
