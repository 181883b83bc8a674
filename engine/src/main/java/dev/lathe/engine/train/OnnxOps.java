package dev.lathe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Translates ONNX operators into DJL NDArray operations. Everything an operator needs besides its tensor inputs
 * (attributes, Reshape shapes, Clip bounds, Dropout ratios) is read here, once, so a malformed node fails at
 * conversion with its name rather than in the middle of a training epoch.
 */
final class OnnxOps {
    static final List<String> SUPPORTED = List.of("Add", "AveragePool", "BatchNormalization", "Cast", "Clip",
            "Concat", "Constant", "Conv", "ConvTranspose", "Div", "Dropout", "Erf", "Flatten", "Gather", "Gemm",
            "GlobalAveragePool", "GlobalMaxPool", "HardSigmoid", "HardSwish", "Identity", "LeakyRelu", "MatMul",
            "MaxPool", "Mul", "Pow", "ReduceMean", "Relu", "Reshape", "Resize", "Shape", "Sigmoid", "Slice",
            "Softmax", "Sqrt", "Squeeze", "Sub", "Tanh", "Transpose", "Unsqueeze");

    private OnnxOps() {
    }

    static boolean supports(NodeProto node) {
        boolean defaultDomain = node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx");
        return defaultDomain && SUPPORTED.contains(node.getOpType());
    }

    /**
     * Input positions whose constant values are read at conversion time and so never become trainable parameters
     * (a Pow exponent learning would leave x^y undefined for negative x). The same inputs computed by earlier
     * nodes are passed at run time.
     */
    static Set<Integer> staticInputs(String opType) {
        return switch (opType) {
            case "Pow" -> Set.of(1);
            case "Clip", "Dropout" -> Set.of(1, 2);
            case "Resize" -> Set.of(1, 2, 3);
            default -> Set.of();
        };
    }

    /** Whether a constant at this input is a setting rather than a weight even when it holds floats. */
    static boolean readsAsInteger(NodeProto node, int input) {
        return input == 0 && (node.getOpType().equals("Shape") || node.getOpType().equals("Cast"));
    }

    /** BatchNormalization's running mean and variance: state that training updates, not weights it learns. */
    static boolean isRunningStatistic(String opType, int input) {
        return opType.equals("BatchNormalization") && input >= 3;
    }

    static NodeOp compile(NodeProto node, GraphConstants constants, long opset) throws TrainingException {
        NodeAttributes a = new NodeAttributes(node);
        return switch (node.getOpType()) {
            case "Relu" -> (in, t) -> Activation.relu(in[0]);
            case "Sigmoid" -> (in, t) -> Activation.sigmoid(in[0]);
            case "Tanh" -> (in, t) -> Activation.tanh(in[0]);
            case "LeakyRelu" -> leakyRelu(a.real("alpha", 0.01f));
            case "HardSigmoid" -> hardSigmoid(a.real("alpha", 0.2f), a.real("beta", 0.5f));
            case "HardSwish" -> (in, t) -> in[0].mul(in[0].div(6).add(0.5).clip(0, 1));
            case "Clip" -> clip(node, a, constants, opset);
            case "Identity" -> (in, t) -> in[0];
            case "Add" -> (in, t) -> in[0].add(in[1]);
            case "Sub" -> (in, t) -> in[0].sub(in[1]);
            case "Mul" -> (in, t) -> in[0].mul(in[1]);
            case "Div" -> (in, t) -> in[0].div(in[1]);
            case "MatMul" -> (in, t) -> in[0].matMul(in[1]);
            case "Gemm" -> gemm(a);
            case "BatchNormalization" -> batchNorm(node, a);
            case "Dropout" -> dropout(node, a, constants, opset);
            case "Flatten" -> flatten(a.integer("axis", 1));
            case "Pow" -> pow(node, constants);
            case "Sqrt" -> (in, t) -> in[0].sqrt();
            case "Erf" -> (in, t) -> in[0].erf();
            case "ReduceMean" -> reduceMean(a, opset);
            case "Shape", "Cast", "Slice", "Squeeze", "Unsqueeze", "Transpose", "Gather", "Reshape" ->
                    ShapeOps.compile(node, a, opset);
            case "Concat" -> concat(a.integer("axis", 0));
            case "Softmax" -> softmax(a.integer("axis", opset >= 13 ? -1 : 1), opset >= 13);
            case "Conv", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool" ->
                    SpatialOps.compile(node, a, constants);
            case "ConvTranspose" -> TransposedConvolution.compile(node, a, constants);
            case "Resize" -> ResizeOps.compile(node, a, constants, opset);
            default -> throw new TrainingException("node '" + node.getName() + "' (" + node.getOpType()
                    + ") cannot be trained");
        };
    }

    private static NodeOp leakyRelu(float alpha) {
        return (in, t) -> Activation.leakyRelu(in[0], alpha);
    }

    private static NodeOp hardSigmoid(float alpha, float beta) {
        return (in, t) -> in[0].mul(alpha).add(beta).clip(0, 1);
    }

    private static NodeOp clip(NodeProto node, NodeAttributes a, GraphConstants constants, long opset)
            throws TrainingException {
        float min = opset >= 11 ? scalar(node, 1, constants, -Float.MAX_VALUE) : a.real("min", -Float.MAX_VALUE);
        float max = opset >= 11 ? scalar(node, 2, constants, Float.MAX_VALUE) : a.real("max", Float.MAX_VALUE);
        return (in, t) -> in[0].clip(min, max);
    }

    private static NodeOp gemm(NodeAttributes a) {
        boolean transA = a.integer("transA", 0) != 0;
        boolean transB = a.integer("transB", 0) != 0;
        float alpha = a.real("alpha", 1f);
        float beta = a.real("beta", 1f);
        return (in, t) -> {
            NDArray product = (transA ? in[0].transpose() : in[0]).matMul(transB ? in[1].transpose() : in[1]);
            NDArray scaled = alpha == 1f ? product : product.mul(alpha);
            if (in.length < 3 || in[2] == null) {
                return scaled;
            }
            return scaled.add(beta == 1f ? in[2] : in[2].mul(beta));
        };
    }

    private static NodeOp batchNorm(NodeProto node, NodeAttributes a) throws TrainingException {
        if (a.integer("training_mode", 0) != 0) {
            throw new TrainingException("node '" + node.getName() + "' (BatchNormalization) was exported in training"
                    + " mode; export the model in inference mode (model.eval()) to fine-tune it");
        }
        float epsilon = a.real("epsilon", 1e-5f);
        float momentum = a.real("momentum", 0.9f);
        // DJL's momentum is ONNX's: running = running * momentum + batch * (1 - momentum).
        return (in, t) -> BatchNorm.batchNorm(in[0], in[3], in[4], in[1], in[2], 1, momentum, epsilon, t).get(0);
    }

    private static NodeOp dropout(NodeProto node, NodeAttributes a, GraphConstants constants, long opset)
            throws TrainingException {
        float ratio = opset >= 12 ? scalar(node, 1, constants, 0.5f) : a.real("ratio", 0.5f);
        return (in, t) -> t && ratio > 0 ? Dropout.dropout(in[0], ratio, true).get(0) : in[0];
    }

    private static NodeOp flatten(long axis) {
        return (in, t) -> {
            long[] dims = in[0].getShape().getShape();
            int at = (int) (axis < 0 ? axis + dims.length : axis);
            long outer = 1;
            for (int i = 0; i < at; i++) {
                outer *= dims[i];
            }
            return in[0].reshape(outer, -1);
        };
    }

    private static NodeOp pow(NodeProto node, GraphConstants constants) throws TrainingException {
        if (!constants.isFloat(node.getInput(1))) {
            return (in, t) -> in[0].pow(in[1]);
        }
        float[] exponent = GraphConstants.floats(constants.tensor(node.getInput(1)).orElseThrow());
        if (exponent.length != 1) {
            throw new TrainingException("node '" + node.getName() + "' (Pow) has a constant exponent of "
                    + exponent.length + " values; training supports one exponent for the whole tensor");
        }
        return (in, t) -> in[0].pow(exponent[0]);
    }

    private static NodeOp reduceMean(NodeAttributes a, long opset) {
        boolean keep = a.integer("keepdims", 1) != 0;
        boolean emptyIsIdentity = a.integer("noop_with_empty_axes", 0) != 0;
        long[] fixed = opset < 18 && a.has("axes") ? a.integers("axes", 0, 0) : null;
        return (in, t) -> {
            long[] axes = opset < 18 ? fixed : in.length > 1 && in[1] != null ? ShapeOps.longs(in[1]) : null;
            int rank = in[0].getShape().dimension();
            if ((axes == null || axes.length == 0) && emptyIsIdentity) {
                return in[0];
            }
            int[] sorted = axes == null || axes.length == 0 ? IntStream.range(0, rank).toArray()
                    : Arrays.stream(axes).mapToInt(x -> (int) (x < 0 ? x + rank : x)).sorted().toArray();
            // PyTorch's engine in DJL averages over one axis per call; from the last axis back, indices stay valid.
            NDArray out = in[0];
            for (int i = sorted.length - 1; i >= 0; i--) {
                out = out.mean(new int[] {sorted[i]}, keep);
            }
            return out;
        };
    }

    private static NodeOp concat(long axis) {
        return (in, t) -> {
            int at = (int) (axis < 0 ? axis + in[0].getShape().dimension() : axis);
            return NDArrays.concat(new NDList(Arrays.stream(in).filter(x -> x != null).toList()), at);
        };
    }

    private static NodeOp softmax(long axis, boolean perAxis) {
        return (in, t) -> {
            long[] dims = in[0].getShape().getShape();
            int at = (int) (axis < 0 ? axis + dims.length : axis);
            if (perAxis || at == dims.length - 1) {
                return in[0].softmax(at);
            }
            // Before opset 13, Softmax flattened everything from the axis on into one row.
            return in[0].reshape(new Shape(dims).slice(0, at).size(), -1).softmax(1).reshape(new Shape(dims));
        };
    }

    private static float scalar(NodeProto node, int input, GraphConstants constants, float fallback)
            throws TrainingException {
        if (node.getInputCount() <= input || node.getInput(input).isEmpty()) {
            return fallback;
        }
        String name = node.getInput(input);
        var tensor = constants.tensor(name).orElseThrow(() -> new TrainingException("node '" + node.getName()
                + "' (" + node.getOpType() + ") reads '" + name + "' at run time; training needs it to be a constant"));
        return GraphConstants.floats(tensor)[0];
    }
}
