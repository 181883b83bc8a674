package dev.lathe.engine.runtime;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The runtime that runs one model format, as a {@link RuntimeRegistry} holds it: ONNX Runtime for ONNX, libtorch
 * through DJL for TorchScript, in this process or in a model worker. Callers never see one: they ask the registry
 * for a session for a model, and the model's format picks the runtime.
 */
public interface FormatRuntime {

    /** A machine name for the runtime: "onnxruntime", "libtorch", "executorch". */
    String id();

    /** The runtime's name as sessions report it, like "ONNX Runtime". */
    String name();

    /** Its version where that is known without loading a model, else a note on when it is known. */
    String version();

    /** Opens a model file that messages call {@code name}; {@code inputShape} is the user's, for formats without one. */
    InferenceSession open(Path model, String name, Optional<long[]> inputShape, SessionOptions options)
            throws InferenceException;

    /** Opens a model held in memory, for runtimes that can (ONNX Runtime); others refuse. */
    default InferenceSession open(byte[] model, String name, SessionOptions options) throws InferenceException {
        throw new InferenceException(name + ": " + name() + " opens model files only, not models held in memory");
    }
}
