package dev.lathe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Arrays;

/**
 * Operators that move, select or describe elements rather than compute with them: Shape, Cast, Slice, Squeeze,
 * Unsqueeze, Transpose, Gather, Reshape. Exporters use them in two ways, and both must work: on activations
 * (attention heads, embedding lookups, gradients flow through) and in small integer subgraphs that compute a
 * later Reshape's target from the input's size (Shape → Gather → Unsqueeze → Concat → Reshape), which is what
 * keeps a batch dimension open. Integer operands are therefore read from the arrays on every run, never frozen at
 * conversion; from opset 10 or 13 on, Slice, Squeeze and Unsqueeze take as inputs what were attributes before.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    static NodeOp compile(NodeProto node, NodeAttributes a, long opset) throws TrainingException {
        return switch (node.getOpType()) {
            case "Shape" -> shape(a.integer("start", 0), a.has("end") ? a.integer("end", 0) : Long.MAX_VALUE);
            case "Cast" -> cast(node, a.integer("to", 0));
            case "Slice" -> slice(a, opset);
            case "Squeeze" -> squeeze(a, opset);
            case "Unsqueeze" -> unsqueeze(a, opset);
            case "Transpose" -> transpose(a);
            case "Gather" -> gather(a.integer("axis", 0));
            case "Reshape" -> reshape(a.integer("allowzero", 0) != 0);
            default -> throw new TrainingException("node '" + node.getName() + "' (" + node.getOpType()
                    + ") is not a shape operator");
        };
    }

    /** Integer values of a (small) index or shape array, whatever its integer type. */
    static long[] longs(NDArray array) {
        return array.getDataType() == DataType.INT64 ? array.toLongArray()
                : array.toType(DataType.INT64, false).toLongArray();
    }

    /**
     * ONNX Gather: {@code data}'s entries along {@code axis} at {@code indices} (negative ones count from the end),
     * shaped data.shape[:axis] + indices.shape + data.shape[axis+1:]. Gradients reach the gathered rows, which is
     * how an embedding table trains.
     */
    static NDArray gather(NDArray data, NDArray indices, int axis) {
        Shape shape = data.getShape();
        int at = axis < 0 ? axis + shape.dimension() : axis;
        long rows = shape.get(at);
        long outer = shape.slice(0, at).size();
        long inner = shape.slice(at + 1).size();
        NDArray index = indices.toType(DataType.INT64, false);
        index = index.add(index.lt(0).toType(DataType.INT64, false).mul(rows));
        long count = indices.getShape().size();
        NDArray spread = index.reshape(1, count, 1).broadcast(outer, count, inner);
        NDArray picked = data.reshape(outer, rows, inner).gather(spread, 1);
        return picked.reshape(shape.slice(0, at).addAll(indices.getShape()).addAll(shape.slice(at + 1)));
    }

    private static NodeOp shape(long start, long end) {
        return (in, t) -> {
            long[] dims = in[0].getShape().getShape();
            int from = (int) clamp(start < 0 ? start + dims.length : start, 0, dims.length);
            int to = (int) clamp(end < 0 ? end + dims.length : end, 0, dims.length);
            return in[0].getManager().create(Arrays.copyOfRange(dims, from, Math.max(from, to)));
        };
    }

    private static NodeOp cast(NodeProto node, long to) throws TrainingException {
        DataType type = switch ((int) to) {
            case TensorProto.DataType.FLOAT_VALUE -> DataType.FLOAT32;
            case TensorProto.DataType.DOUBLE_VALUE -> DataType.FLOAT64;
            case TensorProto.DataType.INT64_VALUE -> DataType.INT64;
            case TensorProto.DataType.INT32_VALUE -> DataType.INT32;
            case TensorProto.DataType.INT8_VALUE -> DataType.INT8;
            case TensorProto.DataType.UINT8_VALUE -> DataType.UINT8;
            case TensorProto.DataType.BOOL_VALUE -> DataType.BOOLEAN;
            default -> throw new TrainingException("node '" + node.getName() + "' (Cast) converts to ONNX element"
                    + " type " + to + "; training casts to float32/64, int64/32/8, uint8 and bool only");
        };
        return (in, t) -> in[0].getDataType() == type ? in[0] : in[0].toType(type, false);
    }

    private static NodeOp slice(NodeAttributes a, long opset) {
        if (opset < 10) {
            long[] starts = a.integers("starts", 0, 0);
            long[] ends = a.integers("ends", 0, 0);
            long[] axes = a.has("axes") ? a.integers("axes", 0, 0) : null;
            return (in, t) -> slice(in[0], starts, ends, axes, null);
        }
        return (in, t) -> slice(in[0], longs(in[1]), longs(in[2]), optional(in, 3), optional(in, 4));
    }

    /** ONNX Slice; a negative step reads the flipped axis forwards, since PyTorch slices only forwards. */
    private static NDArray slice(NDArray x, long[] starts, long[] ends, long[] axes, long[] steps) {
        long[] dims = x.getShape().getShape();
        long[][] ranges = new long[dims.length][];
        NDArray source = x;
        for (int i = 0; i < starts.length; i++) {
            int axis = (int) (axes == null ? i : axes[i] < 0 ? axes[i] + dims.length : axes[i]);
            long step = steps == null ? 1 : steps[i];
            long n = dims[axis];
            long start = starts[i] < 0 ? starts[i] + n : starts[i];
            long end = ends[i] < 0 && ends[i] != Long.MIN_VALUE ? ends[i] + n : ends[i];
            if (step > 0) {
                ranges[axis] = new long[] {clamp(start, 0, n), clamp(end, 0, n), step};
            } else {
                start = clamp(start, 0, n - 1);
                end = ends[i] == Long.MIN_VALUE ? -1 : clamp(end, -1, n - 1);
                source = source.flip(axis);
                ranges[axis] = new long[] {n - 1 - start, n - 1 - end, -step};
            }
        }
        NDIndex index = new NDIndex();
        for (long[] range : ranges) {
            if (range == null) {
                index.addAllDim();
            } else {
                index.addSliceDim(range[0], Math.max(range[0], range[1]), range[2]);
            }
        }
        return source.get(index);
    }

    private static NodeOp squeeze(NodeAttributes a, long opset) {
        long[] fixed = opset < 13 && a.has("axes") ? a.integers("axes", 0, 0) : null;
        return (in, t) -> {
            long[] axes = opset < 13 ? fixed : optional(in, 1);
            if (axes == null) {
                return in[0].squeeze();
            }
            int rank = in[0].getShape().dimension();
            return in[0].squeeze(Arrays.stream(axes).mapToInt(x -> (int) (x < 0 ? x + rank : x)).toArray());
        };
    }

    private static NodeOp unsqueeze(NodeAttributes a, long opset) {
        long[] fixed = opset < 13 ? a.integers("axes", 0, 0) : null;
        return (in, t) -> {
            long[] axes = opset < 13 ? fixed : longs(in[1]);
            int rank = in[0].getShape().dimension() + axes.length;
            // Axes count in the output's rank; inserting them in ascending order keeps every one where it belongs.
            int[] sorted = Arrays.stream(axes).mapToInt(x -> (int) (x < 0 ? x + rank : x)).sorted().toArray();
            NDArray out = in[0];
            for (int axis : sorted) {
                out = out.expandDims(axis);
            }
            return out;
        };
    }

    private static NodeOp transpose(NodeAttributes a) {
        int[] perm = a.has("perm") ? Arrays.stream(a.integers("perm", 0, 0)).mapToInt(x -> (int) x).toArray() : null;
        return (in, t) -> perm == null ? in[0].transpose() : in[0].transpose(perm);
    }

    private static NodeOp gather(long axis) {
        return (in, t) -> gather(in[0], in[1], (int) axis);
    }

    private static NodeOp reshape(boolean allowZero) {
        return (in, t) -> {
            long[] dims = in[0].getShape().getShape();
            long[] shape = longs(in[1]);
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] == 0 && !allowZero) {
                    shape[i] = dims[i];
                }
            }
            return in[0].reshape(new Shape(shape));
        };
    }

    private static long[] optional(NDArray[] in, int i) {
        return in.length > i && in[i] != null ? longs(in[i]) : null;
    }

    private static long clamp(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }
}
