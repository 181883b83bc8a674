package dev.lathe.engine.runtime;

import dev.lathe.engine.model.TensorInfo;
import java.util.List;

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

    @Override
    void close();

    /** An input already handed to the runtime; {@link #run()} runs the model on it and drops the result. */
    interface BoundInput extends AutoCloseable {
        void run() throws InferenceException;

        @Override
        void close();
    }
}
