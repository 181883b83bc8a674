package dev.lathe.engine.runtime;

import java.nio.file.Path;
import java.util.Optional;

/**
 * ONNX Runtime in this process, started on first use on the calling thread, so neither start-up nor a UI thread
 * ever pays for loading its natives. Reachable only through {@link Runtimes#inProcess}, which only a model worker
 * calls (ADR 0008).
 */
final class OrtRuntime implements FormatRuntime {
    private final Path cacheDir;
    private OrtSessions ort;

    OrtRuntime(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    @Override
    public String id() {
        return "onnxruntime";
    }

    @Override
    public String name() {
        return "ONNX Runtime";
    }

    /** From the jar's manifest, known before any native code loads. */
    @Override
    public String version() {
        return OrtSessions.ortVersion();
    }

    @Override
    public InferenceSession open(Path model, String name, Optional<long[]> inputShape, SessionOptions options)
            throws InferenceException {
        return ort().open(model, name, options);
    }

    @Override
    public InferenceSession open(byte[] model, String name, SessionOptions options) throws InferenceException {
        return ort().open(model, name, options);
    }

    private synchronized OrtSessions ort() {
        if (ort == null) {
            ort = new OrtSessions(cacheDir);
        }
        return ort;
    }
}
