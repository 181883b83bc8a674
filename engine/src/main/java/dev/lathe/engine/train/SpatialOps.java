package dev.lathe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;

/**
 * Convolution and pooling over two spatial dimensions. ONNX allows different padding before and after each axis
 * (and "same" padding that depends on the input size); DJL's kernels take one symmetric padding per axis, so
 * uneven padding is applied to the input first, which gives the same result.
 */
final class SpatialOps {
    private SpatialOps() {
    }

    static NodeOp compile(NodeProto node, NodeAttributes a, GraphConstants constants) throws TrainingException {
        String op = node.getOpType();
        if (op.startsWith("Global")) {
            boolean average = op.equals("GlobalAveragePool");
            return (in, t) -> {
                // PyTorch reduces mean and max over one axis at a time, so the spatial axes are flattened into one.
                long[] dims = in[0].getShape().getShape();
                NDArray cells = in[0].reshape(dims[0], dims[1], -1);
                NDArray pooled = average ? cells.mean(new int[] {2}, true) : cells.max(new int[] {2}, true);
                long[] kept = new long[dims.length];
                Arrays.fill(kept, 1);
                kept[0] = dims[0];
                kept[1] = dims[1];
                return pooled.reshape(kept);
            };
        }
        long[] kernel = kernel(node, a, constants);
        Window window = new Window(kernel, a.integers("strides", 2, 1), a.integers("dilations", 2, 1),
                a.text("auto_pad", "NOTSET"), a.integers("pads", 4, 0));
        boolean ceil = a.integer("ceil_mode", 0) != 0;
        return switch (op) {
            case "Conv" -> conv(window, (int) a.integer("group", 1));
            case "MaxPool" -> maxPool(node, window, ceil);
            default -> averagePool(window, ceil, a.integer("count_include_pad", 0) != 0);
        };
    }

    static long[] kernel(NodeProto node, NodeAttributes a, GraphConstants constants)
            throws TrainingException {
        long[] kernel = a.has("kernel_shape") ? a.integers("kernel_shape", 0, 0) : null;
        if (kernel == null && node.getOpType().startsWith("Conv")) {
            kernel = constants.tensor(node.getInput(1)).map(GraphConstants::dims)
                    .map(d -> Arrays.copyOfRange(d, 2, d.length)).orElse(null);
        }
        if (kernel == null || kernel.length != 2) {
            throw new TrainingException("node '" + node.getName() + "' (" + node.getOpType() + ") is not 2-D"
                    + (kernel == null ? "" : " (kernel " + Arrays.toString(kernel) + ")")
                    + "; Lathe trains convolutions and pools over images (N×C×H×W) only");
        }
        return kernel;
    }

    private static NodeOp conv(Window w, int groups) {
        return (in, t) -> {
            long[] pads = w.pads(in[0].getShape());
            NDArray x = w.padUneven(in[0], pads, 0);
            return TrainableConvolution.conv2d(x, in[1], in.length > 2 ? in[2] : null, w.strides,
                    w.evenPadding(pads).getShape(), w.dilations, groups);
        };
    }

    private static NodeOp maxPool(NodeProto node, Window w, boolean ceil) throws TrainingException {
        if (Arrays.stream(w.dilations).anyMatch(d -> d != 1)) {
            throw new TrainingException("node '" + node.getName() + "' (MaxPool) uses dilations "
                    + Arrays.toString(w.dilations) + "; Lathe trains only undilated max pooling");
        }
        return (in, t) -> {
            long[] pads = w.pads(in[0].getShape());
            NDArray x = w.padUneven(in[0], pads, Float.NEGATIVE_INFINITY);
            return Pool.maxPool2d(x, new Shape(w.kernel), new Shape(w.strides), w.evenPadding(pads), ceil);
        };
    }

    private static NodeOp averagePool(Window w, boolean ceil, boolean countPadding) {
        Shape kernel = new Shape(w.kernel);
        Shape strides = new Shape(w.strides);
        Shape none = new Shape(0, 0);
        return (in, t) -> {
            long[] pads = w.pads(in[0].getShape());
            if (Arrays.stream(pads).allMatch(p -> p == 0)) {
                return Pool.avgPool2d(in[0], kernel, strides, none, ceil, true);
            }
            NDArray x = in[0].pad(torchOrder(pads), 0);
            NDArray sum = Pool.avgPool2d(x, kernel, strides, none, ceil, true);
            if (countPadding) {
                return sum;
            }
            // Pooling a mask of ones the same way gives each window's share of real (unpadded) cells.
            long[] dims = in[0].getShape().getShape();
            NDArray mask = in[0].getManager().ones(new Shape(1, 1, dims[2], dims[3])).pad(torchOrder(pads), 0);
            return sum.div(Pool.avgPool2d(mask, kernel, strides, none, ceil, true));
        };
    }

    /** ONNX pads are {begin H, begin W, end H, end W}; torch pads the last axis first: {W begin, W end, H ...}. */
    private static Shape torchOrder(long[] pads) {
        return new Shape(pads[1], pads[3], pads[0], pads[2]);
    }

    /** A sliding window's geometry, with ONNX's padding rules. */
    private record Window(long[] kernel, long[] strides, long[] dilations, String autoPad, long[] explicitPads) {

        /** {begin H, begin W, end H, end W} for this input. */
        long[] pads(Shape input) {
            if (autoPad.equals("VALID")) {
                return new long[4];
            }
            if (!autoPad.startsWith("SAME")) {
                return explicitPads;
            }
            long[] pads = new long[4];
            for (int i = 0; i < 2; i++) {
                long size = input.get(i + 2);
                long out = (size + strides[i] - 1) / strides[i];
                long total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - size);
                long small = total / 2;
                boolean upper = autoPad.equals("SAME_UPPER");
                pads[i] = upper ? small : total - small;
                pads[i + 2] = total - pads[i];
            }
            return pads;
        }

        static boolean even(long[] pads) {
            return pads[0] == pads[2] && pads[1] == pads[3];
        }

        /** Pads the input itself when begin and end differ; the kernel then runs without padding. */
        NDArray padUneven(NDArray x, long[] pads, double value) {
            return even(pads) ? x : x.pad(torchOrder(pads), value);
        }

        Shape evenPadding(long[] pads) {
            return even(pads) ? new Shape(pads[0], pads[1]) : new Shape(0, 0);
        }
    }
}
