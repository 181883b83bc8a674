package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.lathe.engine.model.onnx.Subgraphs;
import java.util.Set;

/**
 * Per-channel DequantizeLinear needs opset 13. A model exported at opset 11 or 12 whose every op means exactly the
 * same at 13 (paddle2onnx's CNNs: Conv, Clip, HardSigmoid, Resize...) can simply declare 13. Ops that changed in a
 * way that matters (Softmax's axis, Squeeze/Unsqueeze/Split/ReduceSum taking axes as inputs) keep it where it is.
 */
final class OpsetRaise {
    private static final Set<String> SAME_AT_13 = Set.of("Abs", "Add", "ArgMax", "ArgMin", "AveragePool",
            "BatchNormalization", "Cast", "Ceil", "Clip", "Concat", "Constant", "ConstantOfShape", "Conv",
            "ConvTranspose", "DepthToSpace", "Div", "Elu", "Equal", "Erf", "Exp", "Expand", "Flatten", "Floor",
            "Gather", "Gemm", "GlobalAveragePool", "GlobalMaxPool", "Greater", "HardSigmoid", "Identity",
            "InstanceNormalization", "LRN", "LeakyRelu", "Less", "MatMul", "Max", "MaxPool", "Mean", "Min", "Mul",
            "Neg", "PRelu", "Pad", "Pow", "Range", "Reciprocal", "ReduceMax", "ReduceMean", "ReduceMin", "Relu",
            "Reshape", "Resize", "Round", "Selu", "Shape", "Sigmoid", "Slice", "Softplus", "SpaceToDepth", "Sqrt",
            "Sub", "Sum", "Tanh", "Tile", "Transpose", "Where");

    private OpsetRaise() {
    }

    static boolean canRaiseTo13(GraphEdit graph) {
        long opset = graph.opset();
        if (opset < 11 || opset >= 13) {
            return false;
        }
        return graph.nodes().stream().allMatch(n -> sameAt13(n) && Subgraphs.of(n).isEmpty());
    }

    private static boolean sameAt13(NodeProto node) {
        boolean defaultDomain = node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx");
        // Resize-13 dropped this coordinate mode.
        boolean removedMode = node.getOpType().equals("Resize") && node.getAttributeList().stream()
                .anyMatch(a -> a.getName().equals("coordinate_transformation_mode")
                        && a.getS().toStringUtf8().equals("tf_half_pixel_for_nn"));
        return !defaultDomain || SAME_AT_13.contains(node.getOpType()) && !removedMode;
    }
}
