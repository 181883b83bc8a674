package dev.lathe.engine.runtime.worker;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.OrtSessions;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import java.nio.file.Path;
import java.util.Optional;

/** Runtimes whose sessions live in a {@link ModelWorker}: nothing native loads in this process. */
final class WorkerRuntimes implements Runtimes {
    private final ModelWorker worker;

    WorkerRuntimes(ModelWorker worker) {
        this.worker = worker;
    }

    @Override
    public InferenceSession open(Path model, String name, ModelFormat format, Optional<long[]> inputShape,
                                 SessionOptions options) throws InferenceException {
        return opened(new SessionCalls.OpenFile(model.toAbsolutePath().toString(), name, format,
                inputShape.orElse(null), options), name, SessionCalls.runtimeOf(format));
    }

    @Override
    public InferenceSession openOnnx(byte[] model, String name, SessionOptions options) throws InferenceException {
        return opened(new SessionCalls.OpenOnnx(model, name, options), name, "ONNX Runtime");
    }

    /** From the ONNX Runtime jar the worker loads its natives from: known without starting the worker. */
    @Override
    public String onnxRuntimeVersion() {
        return OrtSessions.ortVersion();
    }

    private InferenceSession opened(WorkerCall<SessionCalls.Opened> open, String name, String runtime)
            throws InferenceException {
        ModelWorker.Answer answer = WorkerSession.inference(() -> worker.call(open, event -> { }));
        answer.process().sessionOpened();
        return new WorkerSession(answer.process(), (SessionCalls.Opened) answer.result(), name, runtime);
    }

    /** A call that may fail with any engine exception, where only an {@link InferenceException} may leave. */
    interface Call<T> {
        T run() throws LatheException;
    }
}
