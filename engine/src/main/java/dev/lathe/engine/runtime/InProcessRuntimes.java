package dev.lathe.engine.runtime;

import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ShapeLimits;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runtimes in this process. Each starts on first use, on the calling thread, so neither start-up nor a UI thread
 * ever pays for loading native libraries.
 */
final class InProcessRuntimes implements Runtimes {
    private final Path cacheDir;
    private final SessionOpener torchScript;
    private OrtSessions ort;

    InProcessRuntimes(Path cacheDir, SessionOpener torchScript) {
        this.cacheDir = cacheDir;
        this.torchScript = torchScript;
    }

    @Override
    public InferenceSession open(Path model, String name, ModelFormat format, Optional<long[]> inputShape,
                                 SessionOptions options) throws InferenceException {
        Optional<String> shapeProblem = inputShape.flatMap(ShapeLimits::inputProblem);
        if (shapeProblem.isPresent()) {
            throw new InferenceException(name + ": " + shapeProblem.get());
        }
        return switch (format) {
            case ONNX -> ort().open(model, name, options);
            case TORCHSCRIPT -> torchScript.open(model, inputShape, options);
        };
    }

    @Override
    public InferenceSession openOnnx(byte[] model, String name, SessionOptions options) throws InferenceException {
        return ort().open(model, name, options);
    }

    @Override
    public String onnxRuntimeVersion() {
        return ort().version();
    }

    private synchronized OrtSessions ort() {
        if (ort == null) {
            ort = new OrtSessions(cacheDir);
        }
        return ort;
    }
}
