package dev.lathe.engine.runtime.worker;

import dev.lathe.engine.model.onnx.CheckedModels;
import dev.lathe.engine.model.onnx.NativeSafety;
import dev.lathe.engine.runtime.torchscript.PyTorchEngine;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.Runtimes;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What a call finds in the worker: the runtimes (in this process, the only one where they load models), the sessions
 * earlier calls opened, and a way to send events back while it runs.
 */
final class WorkerScope {
    private final Runtimes runtimes;
    private final PyTorchEngine pytorch;
    private final CheckedModels checked;
    private final Map<Long, InferenceSession> sessions;
    private final AtomicLong ids;
    private final Consumer<Serializable> events;

    private WorkerScope(Runtimes runtimes, PyTorchEngine pytorch, CheckedModels checked,
                        Map<Long, InferenceSession> sessions, AtomicLong ids, Consumer<Serializable> events) {
        this.runtimes = runtimes;
        this.pytorch = pytorch;
        this.checked = checked;
        this.sessions = sessions;
        this.ids = ids;
        this.events = events;
    }

    static WorkerScope of(Runtimes runtimes, PyTorchEngine pytorch) {
        return new WorkerScope(runtimes, pytorch, new CheckedModels(), new ConcurrentHashMap<>(), new AtomicLong(),
                e -> { });
    }

    /** The same scope for one call, whose events go to {@code events}. */
    WorkerScope forCall(Consumer<Serializable> callEvents) {
        return new WorkerScope(runtimes, pytorch, checked, sessions, ids, callEvents);
    }

    Runtimes runtimes() {
        return runtimes;
    }

    PyTorchEngine pytorch() {
        return pytorch;
    }

    /** ONNX files found safe for ONNX Runtime: every file passes {@link NativeSafety} before it loads here. */
    CheckedModels checked() {
        return checked;
    }

    long keep(InferenceSession session) {
        long id = ids.incrementAndGet();
        sessions.put(id, session);
        return id;
    }

    InferenceSession session(long id) throws InferenceException {
        InferenceSession session = sessions.get(id);
        if (session == null) {
            throw new InferenceException("the model worker holds no session " + id + "; it was closed");
        }
        return session;
    }

    void close(long id) {
        InferenceSession session = sessions.remove(id);
        if (session != null) {
            session.close();
        }
    }

    void emit(Serializable event) {
        events.accept(event);
    }
}
