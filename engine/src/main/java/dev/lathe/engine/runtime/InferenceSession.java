package dev.lathe.engine.runtime;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.model.TensorInfo;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A loaded model ready to run, owned by one thread at a time. Closing it frees its native memory.
 */
public interface InferenceSession extends AutoCloseable {

    /** Name and version of the runtime, like "ONNX Runtime 1.23.2". */
    String runtime();

    List<TensorInfo> inputs();

    List<TensorInfo> outputs();

    /**
     * Runs the model on one float input and returns its first output. A model with more inputs gets neutral values
     * for the others ({@link CompanionInputs}).
     */
    FloatTensor run(FloatTensor input) throws InferenceException;

    /**
     * Binds an input once so that repeated runs time only the model, not tensor creation: what a benchmark needs.
     */
    BoundInput bind(FloatTensor input) throws InferenceException;

    /**
     * Runs the model on one float input as {@link #run(FloatTensor)} does and returns the float tensors named
     * {@code outputs}, in that order: intermediate tensors too, when the model lists them among its outputs.
     */
    default Map<String, FloatTensor> run(FloatTensor input, List<String> outputs) throws InferenceException {
        throw new UnsupportedOperationException(runtime() + " sessions return only their first output");
    }

    /**
     * Runs the model once on zeros for every input, each in its own element type, open dimensions set to 1: proves
     * that the runtime accepts the model as a whole. The outputs are dropped.
     */
    default void runOnZeros() throws InferenceException {
        throw new UnsupportedOperationException(runtime() + " sessions cannot make their own inputs");
    }

    /**
     * Times runs of the model on {@code input} as {@code plan} says, handing each counted latency to {@code listener}
     * as it is measured. The loop runs where the model lives, so nothing but the run itself is inside a timed region
     * (no call to another process).
     */
    default Timing time(FloatTensor input, TimingPlan plan, LatencyListener listener, Progress progress)
            throws InferenceException, CancelledException {
        return TimedRuns.time(this, input, plan, listener, progress);
    }

    /**
     * How long the runtime took to load the model, measured in the process that loaded it, when that is not the
     * caller's (whose own clock would add the trip there and back); empty otherwise.
     */
    default OptionalDouble loadMillis() {
        return OptionalDouble.empty();
    }

    @Override
    void close();

    /** An input already handed to the runtime; {@link #run()} runs the model on it and drops the result. */
    interface BoundInput extends AutoCloseable {
        void run() throws InferenceException;

        @Override
        void close();
    }
}
