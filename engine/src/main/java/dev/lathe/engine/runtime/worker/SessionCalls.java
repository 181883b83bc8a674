package dev.lathe.engine.runtime.worker;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.SessionOptions;
import dev.lathe.engine.runtime.Timing;
import dev.lathe.engine.runtime.TimingPlan;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** The calls behind a session whose model lives in the worker: open, run, time, close. */
final class SessionCalls {
    private SessionCalls() {
    }

    /** A session the worker opened: its id there and what the caller needs to know of it. */
    record Opened(long id, String runtime, List<TensorInfo> inputs, List<TensorInfo> outputs, double loadMillis)
            implements Serializable {
        Opened {
            inputs = new ArrayList<>(inputs);
            outputs = new ArrayList<>(outputs);
        }
    }

    /** Latencies measured in the worker, sent a batch at a time while a timing runs. */
    record Latencies(int firstIndex, long[] nanos) implements Serializable {
    }

    /** A progress report of a call, as {@link dev.lathe.engine.task.Progress#report} heard it in the worker. */
    record Report(long done, long total, String message) implements Serializable {
    }

    static String runtimeOf(ModelFormat format) {
        return format == ModelFormat.TORCHSCRIPT ? "PyTorch" : "ONNX Runtime";
    }

    private static Opened opened(WorkerScope scope, InferenceSession session, long startNanos) {
        double loadMillis = (System.nanoTime() - startNanos) / 1e6;
        return new Opened(scope.keep(session), session.runtime(), session.inputs(), session.outputs(), loadMillis);
    }

    /** @param inputShape null when the caller gave none */
    record OpenFile(String path, String name, ModelFormat format, long[] inputShape, SessionOptions options)
            implements WorkerCall<Opened> {
        @Override
        public Opened run(WorkerScope scope) throws LatheException {
            if (format == ModelFormat.ONNX) {
                scope.checked().check(Path.of(path), name);
            }
            long t0 = System.nanoTime();
            InferenceSession session = scope.runtimes().open(Path.of(path), name, format,
                    Optional.ofNullable(inputShape), options);
            return opened(scope, session, t0);
        }

        @Override
        public String doing() {
            return "loading " + name;
        }

        @Override
        public String runtime() {
            return runtimeOf(format);
        }
    }

    record OpenOnnx(byte[] model, String name, SessionOptions options) implements WorkerCall<Opened> {
        @Override
        public Opened run(WorkerScope scope) throws LatheException {
            long t0 = System.nanoTime();
            return opened(scope, scope.runtimes().openOnnx(model, name, options), t0);
        }

        @Override
        public String doing() {
            return "loading " + name;
        }

        @Override
        public String runtime() {
            return "ONNX Runtime";
        }
    }

    /** Runs the model; returns its first output, or the named ones when {@code outputs} is not null. */
    record Run(long session, String name, String runtime, FloatTensor input, List<String> outputs)
            implements WorkerCall<Serializable> {
        @Override
        public Serializable run(WorkerScope scope) throws LatheException {
            InferenceSession s = scope.session(session);
            return outputs == null ? s.run(input) : new LinkedHashMap<>(s.run(input, new ArrayList<>(outputs)));
        }

        @Override
        public String doing() {
            return "running " + name;
        }
    }

    record RunOnZeros(long session, String name, String runtime) implements WorkerCall<Boolean> {
        @Override
        public Boolean run(WorkerScope scope) throws LatheException {
            scope.session(session).runOnZeros();
            return true;
        }

        @Override
        public String doing() {
            return "running " + name;
        }
    }

    /** Times the session in the worker, sending latencies as they are measured. */
    record Time(long session, String name, String runtime, FloatTensor input, TimingPlan plan)
            implements WorkerCall<Timing> {
        @Override
        public Timing run(WorkerScope scope) throws LatheException {
            InferenceSession s = scope.session(session);
            try (LatencyStream latencies = new LatencyStream(scope::emit, plan.iterations())) {
                return s.time(input, plan, latencies::add,
                        (done, total, message) -> scope.emit(new Report(done, total, message)));
            }
        }

        @Override
        public String doing() {
            return "benchmarking " + name;
        }
    }

    record Close(long session, String name, String runtime) implements WorkerCall<Boolean> {
        @Override
        public Boolean run(WorkerScope scope) {
            scope.close(session);
            return true;
        }

        @Override
        public String doing() {
            return "closing " + name;
        }
    }
}
