package dev.lathe.engine.runtime;

import dev.lathe.engine.hardware.KnownRuntime;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A runtime wired in by whoever builds the registry, through a {@link Runtimes.SessionOpener}: how TorchScript
 * reaches libtorch without this package depending on {@code runtime.torchscript}. Its version is the wirer's to
 * know (libtorch's, from the native jar DJL would load); empty where it is not known before a model loads.
 */
record OpenerRuntime(KnownRuntime runtime, String version, Runtimes.SessionOpener opener) implements FormatRuntime {

    @Override
    public String id() {
        return runtime.id();
    }

    @Override
    public String name() {
        return runtime.shortName();
    }

    @Override
    public InferenceSession open(Path model, String modelName, Optional<long[]> inputShape, SessionOptions options)
            throws InferenceException {
        return opener.open(model, inputShape, options);
    }
}
