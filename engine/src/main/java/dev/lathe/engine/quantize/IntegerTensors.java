package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tensors of a graph that are not floating point (quantized values, indices, shapes, masks), found by walking the
 * graph forward from what its inputs and weights declare. Half-precision conversion must neither cast these up to
 * float32 in front of a node kept in float nor cast them down to float16 behind one. A tensor this cannot place is
 * taken as float, which is what the conversion assumed before it knew better.
 */
final class IntegerTensors {
    /** Ops whose outputs, at these indices, are integer or boolean whatever their inputs are. */
    private static final Map<String, Set<Integer>> INTEGER_OUTPUTS = Map.ofEntries(
            Map.entry("Shape", Set.of(0)), Map.entry("Size", Set.of(0)), Map.entry("ArgMax", Set.of(0)),
            Map.entry("ArgMin", Set.of(0)), Map.entry("NonZero", Set.of(0)), Map.entry("TopK", Set.of(1)),
            Map.entry("NonMaxSuppression", Set.of(0)), Map.entry("MatMulInteger", Set.of(0)),
            Map.entry("ConvInteger", Set.of(0)), Map.entry("QuantizeLinear", Set.of(0)),
            Map.entry("DynamicQuantizeLinear", Set.of(0, 2)), Map.entry("QLinearConv", Set.of(0)),
            Map.entry("QLinearMatMul", Set.of(0)), Map.entry("Equal", Set.of(0)), Map.entry("Less", Set.of(0)),
            Map.entry("LessOrEqual", Set.of(0)), Map.entry("Greater", Set.of(0)),
            Map.entry("GreaterOrEqual", Set.of(0)), Map.entry("Not", Set.of(0)), Map.entry("And", Set.of(0)),
            Map.entry("Or", Set.of(0)), Map.entry("Xor", Set.of(0)), Map.entry("IsNaN", Set.of(0)),
            Map.entry("IsInf", Set.of(0)), Map.entry("MaxPool", Set.of(1)), Map.entry("Unique", Set.of(1, 2, 3)));

    /** Ops whose output has the type of this input (the data, not indices or shapes). */
    private static final Map<String, Integer> TYPE_FROM_INPUT = Map.ofEntries(
            Map.entry("Reshape", 0), Map.entry("Squeeze", 0), Map.entry("Unsqueeze", 0), Map.entry("Flatten", 0),
            Map.entry("Transpose", 0), Map.entry("Gather", 0), Map.entry("GatherElements", 0),
            Map.entry("GatherND", 0), Map.entry("Slice", 0), Map.entry("Concat", 0), Map.entry("Split", 0),
            Map.entry("Expand", 0), Map.entry("Tile", 0), Map.entry("Identity", 0), Map.entry("Pad", 0),
            Map.entry("Add", 0), Map.entry("Sub", 0), Map.entry("Mul", 0), Map.entry("Div", 0),
            Map.entry("Neg", 0), Map.entry("Abs", 0), Map.entry("Max", 0), Map.entry("Min", 0),
            Map.entry("Mod", 0), Map.entry("ReduceMax", 0), Map.entry("ReduceMin", 0),
            Map.entry("ReduceSum", 0), Map.entry("ReduceProd", 0), Map.entry("CumSum", 0), Map.entry("Range", 0),
            Map.entry("Where", 1), Map.entry("ScatterND", 0), Map.entry("ScatterElements", 0));

    private IntegerTensors() {
    }

    static Set<String> of(GraphEdit graph, List<ValueInfoProto> graphInputs) {
        Set<String> integer = new HashSet<>();
        for (ValueInfoProto input : graphInputs) {
            if (!isFloat(input.getType().getTensorType().getElemType())) {
                integer.add(input.getName());
            }
        }
        for (NodeProto node : graph.nodes()) {
            for (String input : node.getInputList()) {
                graph.initializer(input).filter(t -> !isFloat(t.getDataType())).ifPresent(t -> integer.add(input));
            }
        }
        for (NodeProto node : graph.nodes()) {
            for (int i = 0; i < node.getOutputCount(); i++) {
                if (producesInteger(node, i, integer)) {
                    integer.add(node.getOutput(i));
                }
            }
        }
        return integer;
    }

    private static boolean producesInteger(NodeProto node, int output, Set<String> integer) {
        String op = node.getOpType();
        boolean microsoft = node.getDomain().equals("com.microsoft");
        boolean quantizedGemm = op.equals("QGemm") && node.getInputCount() > 7 && !node.getInput(7).isEmpty();
        if (microsoft && (op.startsWith("QLinear") || op.equals("QuantizeLinear") || quantizedGemm)) {
            return output == 0;
        }
        if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
            return false;
        }
        if (INTEGER_OUTPUTS.getOrDefault(op, Set.of()).contains(output)) {
            return true;
        }
        if (op.equals("Cast")) {
            return node.getAttributeList().stream().filter(a -> a.getName().equals("to"))
                    .mapToLong(AttributeProto::getI).allMatch(to -> !isFloat((int) to));
        }
        if (op.equals("ConstantOfShape")) {
            return node.getAttributeList().stream().anyMatch(a -> a.getName().equals("value")
                    && !isFloat(a.getT().getDataType()));
        }
        Integer from = TYPE_FROM_INPUT.get(op);
        return from != null && from < node.getInputCount() && integer.contains(node.getInput(from));
    }

    private static boolean isFloat(int type) {
        return type == DataType.FLOAT_VALUE || type == DataType.FLOAT16_VALUE || type == DataType.DOUBLE_VALUE
                || type == DataType.BFLOAT16_VALUE || type == DataType.UNDEFINED_VALUE;
    }
}
