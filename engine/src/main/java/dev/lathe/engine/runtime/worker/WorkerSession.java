package dev.lathe.engine.runtime.worker;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.LatencyListener;
import dev.lathe.engine.runtime.Timing;
import dev.lathe.engine.runtime.TimingPlan;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * A session whose model lives in the worker: every run is a call there, and a timing runs its whole loop there,
 * sending latencies back as they are measured, so the figures are the runtime's and not the trip's.
 */
final class WorkerSession implements InferenceSession {
    private final WorkerProcess process;
    private final SessionCalls.Opened opened;
    private final String name;
    private final String runtime;
    private boolean closed;

    WorkerSession(WorkerProcess process, SessionCalls.Opened opened, String name, String runtime) {
        this.process = process;
        this.opened = opened;
        this.name = name;
        this.runtime = runtime;
    }

    @Override
    public String runtime() {
        return opened.runtime();
    }

    @Override
    public List<TensorInfo> inputs() {
        return opened.inputs();
    }

    @Override
    public List<TensorInfo> outputs() {
        return opened.outputs();
    }

    @Override
    public OptionalDouble loadMillis() {
        return OptionalDouble.of(opened.loadMillis());
    }

    @Override
    public FloatTensor run(FloatTensor input) throws InferenceException {
        return (FloatTensor) inference(() -> call(new SessionCalls.Run(opened.id(), name, runtime, input, null),
                event -> { }));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, FloatTensor> run(FloatTensor input, List<String> outputs) throws InferenceException {
        return (Map<String, FloatTensor>) inference(() -> call(new SessionCalls.Run(opened.id(), name, runtime, input,
                List.copyOf(outputs)), event -> { }));
    }

    @Override
    public void runOnZeros() throws InferenceException {
        inference(() -> call(new SessionCalls.RunOnZeros(opened.id(), name, runtime), event -> { }));
    }

    /** Runs each time in the worker; a benchmark uses {@link #time} instead, which keeps the trip out of the figures. */
    @Override
    public BoundInput bind(FloatTensor input) {
        return new BoundInput() {
            @Override
            public void run() throws InferenceException {
                WorkerSession.this.run(input);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Timing time(FloatTensor input, TimingPlan plan, LatencyListener listener, Progress progress)
            throws InferenceException, CancelledException {
        Consumer<Serializable> events = event -> {
            if (event instanceof SessionCalls.Latencies l) {
                for (int i = 0; i < l.nanos().length; i++) {
                    listener.latency(l.firstIndex() + i, l.nanos()[i]);
                }
            } else if (event instanceof SessionCalls.Report r) {
                progress.report(r.done(), r.total(), r.message());
            }
        };
        try {
            return (Timing) call(new SessionCalls.Time(opened.id(), name, runtime, input, plan), events);
        } catch (InferenceException | CancelledException e) {
            throw e;
        } catch (LatheException e) {
            throw new InferenceException(e.getMessage(), e);
        }
    }

    private Serializable call(WorkerCall<?> call, Consumer<Serializable> events) throws LatheException {
        return process.call(call, events);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.sessionClosed();
        if (process.alive()) {
            try {
                call(new SessionCalls.Close(opened.id(), name, runtime), event -> { });
            } catch (LatheException | RuntimeException e) {
                LoggerFactory.getLogger(WorkerSession.class).debug("Closing the session of {} in the worker", name, e);
            }
        }
    }

    /** Runs {@code call}, letting only an {@link InferenceException} out: what a session's methods may throw. */
    static <T> T inference(Call<T> call) throws InferenceException {
        try {
            return call.run();
        } catch (InferenceException e) {
            throw e;
        } catch (LatheException e) {
            throw new InferenceException(e.getMessage(), e);
        }
    }

    /** A call that may fail with any engine exception, where only an {@link InferenceException} may leave. */
    interface Call<T> {
        T run() throws LatheException;
    }
}
