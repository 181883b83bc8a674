package dev.lathe.engine.runtime.worker;

import dev.lathe.engine.task.LatheException;
import java.io.Serializable;

/**
 * One piece of work that touches a runtime's native code, carried out in the model worker. Its fields and result
 * travel between the processes, so they are plain values (see {@link FrameStream} for which classes may).
 *
 * @param <R> what it returns
 */
interface WorkerCall<R extends Serializable> extends Serializable {

    R run(WorkerScope scope) throws LatheException;

    /** What the worker was doing if it crashed during this call, like "loading cnn.onnx". */
    String doing();

    /** The runtime it runs in, named for people: "ONNX Runtime" or "PyTorch". */
    String runtime();
}
