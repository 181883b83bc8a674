package dev.lathe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.NodeProto;

/**
 * ONNX ConvTranspose over images, as the ordinary convolution it equals: the input spread out with stride − 1
 * zeros between cells, padded by dilation × (kernel − 1) − pads on each side (output_padding at the end), convolved
 * at stride 1 with the kernel flipped and its input/output channels swapped within each group. DJL's PyTorch engine
 * has no transposed convolution of its own; this form is exact and differentiable in both input and weight.
 */
final class TransposedConvolution {
    private TransposedConvolution() {
    }

    static NodeOp compile(NodeProto node, NodeAttributes a, GraphConstants constants) throws TrainingException {
        long[] kernel = SpatialOps.kernel(node, a, constants);
        String autoPad = a.text("auto_pad", "NOTSET");
        if (a.has("output_shape") || autoPad.startsWith("SAME")) {
            throw new TrainingException("node '" + node.getName() + "' (ConvTranspose) sets its output size ("
                    + (a.has("output_shape") ? "output_shape" : "auto_pad " + autoPad) + "); training supports"
                    + " explicit pads and output_padding only");
        }
        long[] pads = autoPad.equals("VALID") ? new long[4] : a.integers("pads", 4, 0);
        long[] strides = a.integers("strides", 2, 1);
        long[] dilations = a.integers("dilations", 2, 1);
        long[] outPadding = a.integers("output_padding", 2, 0);
        int groups = (int) a.integer("group", 1);
        return (in, t) -> {
            NDArray x = spread(spread(in[0], 2, strides[0]), 3, strides[1]);
            for (int axis = 0; axis < 2; axis++) {
                long border = dilations[axis] * (kernel[axis] - 1);
                x = padOrCrop(x, axis + 2, border - pads[axis], border - pads[axis + 2] + outPadding[axis]);
            }
            return TrainableConvolution.conv2d(x, flippedKernel(in[1], groups), in.length > 2 ? in[2] : null,
                    new long[] {1, 1}, new long[2], dilations, groups);
        };
    }

    /** Puts {@code stride - 1} zeros between consecutive cells along {@code axis}. */
    private static NDArray spread(NDArray x, int axis, long stride) {
        if (stride == 1) {
            return x;
        }
        Shape shape = x.getShape();
        long n = shape.get(axis);
        Shape cells = shape.slice(0, axis + 1).add(1).addAll(shape.slice(axis + 1));
        NDArray column = x.reshape(cells);
        Shape gapShape = shape.slice(0, axis + 1).add(stride - 1).addAll(shape.slice(axis + 1));
        NDArray gaps = x.getManager().zeros(gapShape, x.getDataType());
        NDArray spaced = NDArrays.concat(new NDList(column, gaps), axis + 1);
        Shape spreadShape = shape.slice(0, axis).add(n * stride).addAll(shape.slice(axis + 1));
        return spaced.reshape(spreadShape).get(slice(axis, 0, (n - 1) * stride + 1));
    }

    private static NDArray padOrCrop(NDArray x, int axis, long before, long after) {
        long n = x.getShape().get(axis);
        NDArray cropped = x.get(slice(axis, Math.max(0, -before), n - Math.max(0, -after)));
        if (before <= 0 && after <= 0) {
            return cropped;
        }
        // torch pads the last axis first: {W before, W after, H before, H after}.
        long b = Math.max(0, before);
        long e = Math.max(0, after);
        Shape torchPads = axis == 3 ? new Shape(b, e, 0, 0) : new Shape(0, 0, b, e);
        return cropped.pad(torchPads, 0);
    }

    /** (C_in, C_out/g, kH, kW) → (C_out, C_in/g, kH, kW), spatially flipped. */
    private static NDArray flippedKernel(NDArray w, int groups) {
        long[] d = w.getShape().getShape();
        return w.reshape(groups, d[0] / groups, d[1], d[2], d[3]).transpose(0, 2, 1, 3, 4)
                .reshape(groups * d[1], d[0] / groups, d[2], d[3]).flip(2, 3);
    }

    private static NDIndex slice(int axis, long from, long to) {
        return new NDIndex().addAllDim(axis).addSliceDim(from, to);
    }
}
