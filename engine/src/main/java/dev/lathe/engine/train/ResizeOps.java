package dev.lathe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;

/**
 * ONNX Resize (and its opset-10 form, inputs X and scales) in nearest and linear mode, one axis at a time: each
 * output position's source coordinate is computed as ONNX Runtime does (in float, with the node's coordinate
 * transformation), and the result gathers those rows, so gradients flow back to the rows read. Linear mode on
 * several axes is the product of one-axis interpolations, which is what bilinear means.
 */
final class ResizeOps {
    private static final List<String> TRANSFORMS = List.of("half_pixel", "pytorch_half_pixel", "align_corners",
            "asymmetric", "tf_half_pixel_for_nn");

    private ResizeOps() {
    }

    static NodeOp compile(NodeProto node, NodeAttributes a, GraphConstants constants, long opset)
            throws TrainingException {
        String mode = a.text("mode", "nearest");
        String transform = a.text("coordinate_transformation_mode", opset < 11 ? "asymmetric" : "half_pixel");
        String nearest = a.text("nearest_mode", "round_prefer_floor");
        if (!mode.equals("nearest") && !mode.equals("linear") || !TRANSFORMS.contains(transform)
                || a.integer("antialias", 0) != 0 || a.has("axes")) {
            throw new TrainingException("node '" + node.getName() + "' (Resize) uses mode " + mode + " with "
                    + transform + " coordinates" + (a.integer("antialias", 0) != 0 ? " and antialias" : "")
                    + (a.has("axes") ? " on chosen axes" : "") + "; training supports nearest and linear resizing"
                    + " of every axis with " + String.join(", ", TRANSFORMS));
        }
        int scalesAt = opset < 11 ? 1 : 2;
        float[] scales = constantFloats(node, scalesAt, constants);
        long[] sizes = opset < 11 ? null : constantLongs(node, 3, constants);
        Geometry geometry = new Geometry(mode.equals("linear"), transform, nearest);
        return (in, t) -> {
            float[] s = scales != null ? scales : present(in, scalesAt) ? in[scalesAt].toFloatArray() : null;
            long[] z = sizes != null ? sizes : present(in, 3) && opset >= 11 ? ShapeOps.longs(in[3]) : null;
            return geometry.resize(in[0], s != null && s.length > 0 ? s : null, z);
        };
    }

    private static boolean present(NDArray[] in, int i) {
        return in.length > i && in[i] != null;
    }

    private static float[] constantFloats(NodeProto node, int i, GraphConstants constants) throws TrainingException {
        if (node.getInputCount() <= i || !constants.isFloat(node.getInput(i))) {
            return null;
        }
        return GraphConstants.floats(constants.tensor(node.getInput(i)).orElseThrow());
    }

    private static long[] constantLongs(NodeProto node, int i, GraphConstants constants) throws TrainingException {
        if (node.getInputCount() <= i || node.getInput(i).isEmpty() || constants.tensor(node.getInput(i)).isEmpty()) {
            return null;
        }
        long[] sizes = GraphConstants.longs(constants.tensor(node.getInput(i)).orElseThrow());
        return sizes.length == 0 ? null : sizes;
    }

    private record Geometry(boolean linear, String transform, String nearestMode) {

        NDArray resize(NDArray x, float[] scales, long[] sizes) {
            long[] dims = x.getShape().getShape();
            NDArray out = x;
            for (int axis = 0; axis < dims.length; axis++) {
                long length = sizes != null ? sizes[axis] : (long) Math.floor(dims[axis] * (double) scales[axis]);
                float scale = sizes != null ? (float) length / dims[axis] : scales[axis];
                if (length == dims[axis] && scale == 1f) {
                    continue;
                }
                out = linear ? linear(out, axis, dims[axis], length, scale) : nearest(out, axis, dims[axis], length, scale);
            }
            return out;
        }

        private NDArray nearest(NDArray x, int axis, long in, long out, float scale) {
            long[] index = new long[(int) out];
            for (int i = 0; i < out; i++) {
                index[i] = Math.max(0, Math.min(in - 1, round(source(i, in, out, scale))));
            }
            return ShapeOps.gather(x, x.getManager().create(index), axis);
        }

        private NDArray linear(NDArray x, int axis, long in, long out, float scale) {
            long[] low = new long[(int) out];
            long[] high = new long[(int) out];
            float[] weight = new float[(int) out];
            for (int i = 0; i < out; i++) {
                float at = Math.max(0f, Math.min(in - 1, source(i, in, out, scale)));
                low[i] = (long) Math.floor(at);
                high[i] = Math.min(in - 1, low[i] + 1);
                weight[i] = at - low[i];
            }
            long[] shape = new long[x.getShape().dimension()];
            java.util.Arrays.fill(shape, 1);
            shape[axis] = out;
            NDArray w = x.getManager().create(weight).reshape(shape);
            NDArray a = ShapeOps.gather(x, x.getManager().create(low), axis);
            NDArray b = ShapeOps.gather(x, x.getManager().create(high), axis);
            return a.add(b.sub(a).mul(w));
        }

        /** The input coordinate of output position {@code i}, in float as ONNX Runtime computes it. */
        private float source(int i, long in, long out, float scale) {
            return switch (transform) {
                case "asymmetric" -> i / scale;
                case "align_corners" -> out == 1 ? 0f : i * (float) (in - 1) / (out - 1);
                case "pytorch_half_pixel" -> out > 1 ? (i + 0.5f) / scale - 0.5f : 0f;
                case "tf_half_pixel_for_nn" -> (i + 0.5f) / scale;
                default -> (i + 0.5f) / scale - 0.5f;
            };
        }

        private long round(float v) {
            return switch (nearestMode) {
                case "floor" -> (long) Math.floor(v);
                case "ceil" -> (long) Math.ceil(v);
                case "round_prefer_ceil" -> (long) Math.floor(v + 0.5f);
                default -> v == Math.floor(v) + 0.5f ? (long) Math.floor(v) : Math.round(v);
            };
        }
    }
}
