package dev.lathe.engine.train;

import ai.djl.ndarray.NDArray;

/**
 * One ONNX node's computation on NDArrays, with its attributes and static inputs already read. Inputs come in the
 * node's order; an absent optional input, or one read at conversion time (a Reshape shape, Clip bounds), is null.
 */
@FunctionalInterface
interface NodeOp {
    NDArray apply(NDArray[] inputs, boolean training);
}
