package dev.lathe.engine.runtime;

import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ShapeLimits;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens a model with the runtime for its format. Each runtime starts on first use, on the calling thread, so
 * neither app start-up nor the FX thread ever pays for loading native libraries.
 */
public final class Runtimes {
    private final Path cacheDir;
    private final SessionOpener torchScript;
    private OrtSessions ort;

    /** Opens a model file that declares no input shape of its own, such as TorchScript through DJL. */
    @FunctionalInterface
    public interface SessionOpener {
        InferenceSession open(Path model, Optional<long[]> inputShape, SessionOptions options) throws InferenceException;
    }

    /**
     * @param cacheDir where ONNX Runtime's natives are unpacked once
     * @param torchScript opens TorchScript models; wired by the app so the runtime package stays format-neutral
     */
    public Runtimes(Path cacheDir, SessionOpener torchScript) {
        this.cacheDir = cacheDir;
        this.torchScript = torchScript;
    }

    public InferenceSession open(Path model, ModelFormat format, Optional<long[]> inputShape, SessionOptions options)
            throws InferenceException {
        if (inputShape.isPresent() && ShapeLimits.inputProblem(inputShape.get()).isPresent()) {
            throw new InferenceException(model.getFileName() + ": " + ShapeLimits.inputProblem(inputShape.get()).get());
        }
        return switch (format) {
            case ONNX -> ort().open(model, options);
            case TORCHSCRIPT -> torchScript.open(model, inputShape, options);
        };
    }

    /** The ONNX Runtime version actually loaded, like "1.23.2". */
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
