package dev.lathe.engine.runtime.worker;

import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.runtime.FormatRuntime;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.OrtSessions;
import dev.lathe.engine.runtime.SessionOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One format's runtime as the worker's parent sees it: sessions open in the {@link ModelWorker}, whose own registry
 * picks the runtime there; nothing native loads in this process.
 */
final class WorkerRuntime implements FormatRuntime {
    private final ModelWorker worker;
    private final ModelFormat format;
    private final String name;

    WorkerRuntime(ModelWorker worker, ModelFormat format, String name) {
        this.worker = worker;
        this.format = format;
        this.name = name;
    }

    @Override
    public String id() {
        return format == ModelFormat.ONNX ? "onnxruntime" : "libtorch";
    }

    @Override
    public String name() {
        return name;
    }

    /** ONNX Runtime's from the jar the worker loads its natives from: known without starting the worker. */
    @Override
    public String version() {
        return format == ModelFormat.ONNX ? OrtSessions.ortVersion() : "(known once the first model loads)";
    }

    @Override
    public InferenceSession open(Path model, String modelName, Optional<long[]> inputShape, SessionOptions options)
            throws InferenceException {
        return opened(new SessionCalls.OpenFile(model.toAbsolutePath().toString(), modelName, format,
                inputShape.orElse(null), options), modelName);
    }

    @Override
    public InferenceSession open(byte[] model, String modelName, SessionOptions options) throws InferenceException {
        if (format != ModelFormat.ONNX) {
            return FormatRuntime.super.open(model, modelName, options);
        }
        return opened(new SessionCalls.OpenOnnx(model, modelName, options), modelName);
    }

    private InferenceSession opened(WorkerCall<SessionCalls.Opened> open, String modelName)
            throws InferenceException {
        ModelWorker.Answer answer = WorkerSession.inference(() -> worker.call(open, event -> { }));
        answer.process().sessionOpened();
        return new WorkerSession(answer.process(), (SessionCalls.Opened) answer.result(), modelName, name);
    }
}
