package dev.lathe.engine.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.onnx.ExternalData;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.file.Path;

/** Opens ONNX Runtime sessions with explicit threads and optimization level. */
public final class OrtSessions {
    private final OrtEnvironment environment;

    /** Creates the process's ONNX Runtime environment, with natives cached under {@code cacheRoot}. */
    public OrtSessions(Path cacheRoot) {
        OrtNatives.useCache(cacheRoot, ortVersion());
        this.environment = OrtEnvironment.getEnvironment();
    }

    public String version() {
        return environment.getVersion();
    }

    /**
     * Opens the model once it is within Lathe's bounds ({@link OnnxModel#checkBounds}) and any external data it names
     * sits beside it, before ONNX Runtime reads it.
     */
    public InferenceSession open(Path model, SessionOptions options) throws InferenceException {
        return open(model, model.getFileName().toString(), options);
    }

    /** As {@link #open(Path, SessionOptions)}, for a model file that messages call {@code name}. */
    public InferenceSession open(Path model, String name, SessionOptions options) throws InferenceException {
        try {
            OnnxModel.checkBounds(model, Path.of(name));
            ExternalData.confine(model, name);
        } catch (ModelFormatException e) {
            throw new InferenceException(e.getMessage(), e);
        }
        try (OrtSession.SessionOptions ortOptions = ortOptions(options)) {
            return new OrtInferenceSession(environment, environment.createSession(model.toString(), ortOptions), name);
        } catch (OrtException e) {
            throw cannotLoad(name, e);
        }
    }

    /** A model held in memory; {@code name} is what messages call it. */
    public InferenceSession open(byte[] model, String name, SessionOptions options) throws InferenceException {
        try (OrtSession.SessionOptions ortOptions = ortOptions(options)) {
            return new OrtInferenceSession(environment, environment.createSession(model, ortOptions), name);
        } catch (OrtException e) {
            throw cannotLoad(name, e);
        }
    }

    private static OrtSession.SessionOptions ortOptions(SessionOptions options) throws OrtException {
        OrtSession.SessionOptions ortOptions = new OrtSession.SessionOptions();
        try {
            ortOptions.setIntraOpNumThreads(options.threads());
            ortOptions.setInterOpNumThreads(1);
            ortOptions.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            ortOptions.setOptimizationLevel(level(options.optimization()));
            return ortOptions;
        } catch (OrtException e) {
            ortOptions.close();
            throw e;
        }
    }

    private static InferenceException cannotLoad(String name, OrtException e) {
        return new InferenceException(name + ": ONNX Runtime cannot load it: " + firstLine(e.getMessage()), e);
    }

    private static OrtSession.SessionOptions.OptLevel level(SessionOptions.OptimizationLevel level) {
        return switch (level) {
            case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
        };
    }

    static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /**
     * The ONNX Runtime version from the jar's manifest, known before any native code loads; its natives come from the
     * same jar, so it is the version that runs.
     */
    public static String ortVersion() {
        String v = OrtEnvironment.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
