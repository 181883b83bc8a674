package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites a graph to compute in half precision: float weights converted, float graph inputs cast down on entry and
 * outputs cast back to float32, and numerically fragile nodes kept in float32 with casts around them.
 */
final class HalfRewrite {
    /** Ops whose sums, exponentials or reciprocals lose too much in 16 bits (or that produce float regardless). */
    static final Set<String> KEEP_FLOAT = Set.of("LayerNormalization", "Softmax", "LogSoftmax", "ReduceMean",
            "ReduceSum", "ReduceSumSquare", "ReduceL2", "ReduceLogSumExp", "Exp", "Log", "Pow", "Sqrt", "Reciprocal",
            "Erf", "InstanceNormalization", "TopK", "NonMaxSuppression", "RoiAlign", "RandomNormal",
            "RandomUniform", "RandomNormalLike", "RandomUniformLike", "EyeLike",
            // An int8 model's quantization ops: ONNX Runtime's CPU kernels take and give float32 scales and values.
            "DynamicQuantizeLinear", "QuantizeLinear", "DequantizeLinear");

    /** From here up a magnitude is a stand-in for infinity (float32's lowest is -3.4e38), not a real weight. */
    private static final float MASK_LOWEST = 1e30f;

    private final GraphEdit graph;
    private final DataType half;
    private final Map<String, String> halfCopies = new HashMap<>();
    private final List<ValueInfoProto> graphInputs;
    private Set<String> integerTensors = Set.of();

    HalfRewrite(GraphEdit graph, List<ValueInfoProto> graphInputs, boolean bfloat) {
        this.graph = graph;
        this.graphInputs = graphInputs;
        this.half = bfloat ? DataType.BFLOAT16 : DataType.FLOAT16;
    }

    static boolean keptFloat(NodeProto node) {
        boolean otherDomain = !node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx");
        boolean floatConstant = node.getOpType().equals("ConstantOfShape") && node.getAttributeList().stream()
                .noneMatch(a -> a.getName().equals("value") && a.getT().getDataType() != DataType.FLOAT_VALUE);
        return otherDomain || floatConstant || KEEP_FLOAT.contains(node.getOpType());
    }

    /** Why the node stays float32, if it does. */
    Optional<String> keptFloatBecause(NodeProto node) {
        if (keptFloat(node)) {
            return Optional.of("op " + node.getOpType() + " stays float32: it is numerically fragile in 16 bits or "
                    + "has no half-precision form");
        }
        return half == DataType.FLOAT16 ? weightBeyondHalfRange(node).map(w -> "its weight " + w + " holds values "
                + "beyond float16's range (±65504), so it stays float32") : Optional.empty();
    }

    /**
     * A weight float16 cannot hold, like a BatchNorm's running variance of 1e7 behind an unnormalized Conv: the
     * node stays float32 (kept nodes read their weights as they are). Float32's lowest value, which exporters use
     * as minus infinity in masks, is not counted: it clamps to float16's lowest and means the same.
     */
    private Optional<String> weightBeyondHalfRange(NodeProto node) {
        for (String input : node.getInputList()) {
            Optional<java.nio.FloatBuffer> values = graph.initializer(input)
                    .filter(t -> t.getDataType() == DataType.FLOAT_VALUE).flatMap(Tensors::floats);
            if (values.isPresent()) {
                java.nio.FloatBuffer v = values.get();
                for (int i = 0; i < v.remaining(); i++) {
                    float a = Math.abs(v.get(i));
                    if (a > HalfFloats.FLOAT16_MAX && a < MASK_LOWEST) {
                        return Optional.of(input);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Rewrites the graph in place; float graph inputs and outputs are listed so the caller need not know types. */
    void apply(Set<String> floatInputs, Set<String> floatOutputs) {
        integerTensors = IntegerTensors.of(graph, graphInputs);
        List<NodeProto> out = new ArrayList<>();
        Map<String, String> inputCasts = new HashMap<>();
        for (String input : floatInputs) {
            String cast = graph.freshName(input + "_" + half.name().toLowerCase());
            out.add(cast(input, cast, half));
            inputCasts.put(input, cast);
        }
        for (NodeProto node : graph.nodes()) {
            if (keptFloatBecause(node).isPresent()) {
                out.addAll(keptNode(node, inputCasts));
            } else {
                out.add(halfNode(node, inputCasts));
            }
        }
        graph.nodes().clear();
        graph.nodes().addAll(out);
        floatOutputs.forEach(this::castOutputBack);
    }

    private NodeProto halfNode(NodeProto node, Map<String, String> inputCasts) {
        NodeProto.Builder b = node.toBuilder();
        for (int i = 0; i < b.getInputCount(); i++) {
            String input = b.getInput(i);
            if (mustStayFloat(node, i)) {
                continue;
            }
            if (inputCasts.containsKey(input)) {
                b.setInput(i, inputCasts.get(input));
            } else if (isFloatWeight(input)) {
                b.setInput(i, halfCopy(input));
            }
        }
        if (node.getOpType().equals("Cast")) {
            for (int i = 0; i < b.getAttributeCount(); i++) {
                AttributeProto a = b.getAttribute(i);
                if (a.getName().equals("to") && a.getI() == DataType.FLOAT_VALUE) {
                    b.setAttribute(i, a.toBuilder().setI(half.getNumber()));
                }
            }
        }
        return b.build();
    }

    // Resize's roi and scales, and Upsample's scales, are float32 by the operator's definition whatever X is.
    private static boolean mustStayFloat(NodeProto node, int input) {
        return node.getOpType().equals("Resize") && input > 0 || node.getOpType().equals("Upsample") && input == 1;
    }

    /**
     * A kept node reads float32 (float activations cast up, weights and integer tensors left as they are) and its
     * float outputs are cast down.
     */
    private List<NodeProto> keptNode(NodeProto node, Map<String, String> inputCasts) {
        List<NodeProto> out = new ArrayList<>();
        NodeProto.Builder b = node.toBuilder();
        for (int i = 0; i < b.getInputCount(); i++) {
            String input = b.getInput(i);
            if (input.isEmpty() || inputCasts.containsKey(input) || graph.initializer(input).isPresent()
                    || integerTensors.contains(input)) {
                continue;
            }
            String up = graph.freshName(input + "_float32");
            out.add(cast(input, up, DataType.FLOAT));
            b.setInput(i, up);
        }
        List<NodeProto> downs = new ArrayList<>();
        for (int i = 0; i < b.getOutputCount(); i++) {
            String output = b.getOutput(i);
            if (!output.isEmpty() && !integerTensors.contains(output)) {
                String raw = graph.freshName(output + "_float32");
                b.setOutput(i, raw);
                downs.add(cast(raw, output, half));
            }
        }
        out.add(b.build());
        out.addAll(downs);
        return out;
    }

    private boolean isFloatWeight(String name) {
        return graph.initializer(name).filter(t -> t.getDataType() == DataType.FLOAT_VALUE
                && Tensors.floats(t).isPresent()).isPresent();
    }

    /** Each float weight converted once; the float32 original stays only if a kept node still reads it. */
    private String halfCopy(String weight) {
        return halfCopies.computeIfAbsent(weight, w -> {
            String name = graph.freshName(w + "_" + half.name().toLowerCase());
            TensorProto original = graph.initializer(w).orElseThrow();
            graph.putInitializer(HalfFloats.convert(original, name, half == DataType.BFLOAT16));
            return name;
        });
    }

    /**
     * The producer now writes a half tensor that is cast back to float32 under the output's name. Nodes inside the
     * graph that also read the output (a BERT pooler reads the last hidden state) are moved to the half tensor, as
     * every other node of the rewritten graph expects half inputs.
     */
    private void castOutputBack(String output) {
        String raw = graph.freshName(output + "_" + half.name().toLowerCase());
        List<NodeProto> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto node = nodes.get(i);
            int index = node.getOutputList().indexOf(output);
            if (index >= 0) {
                nodes.set(i, node.toBuilder().setOutput(index, raw).build());
                readFrom(nodes.subList(i + 1, nodes.size()), output, raw);
                nodes.add(i + 1, cast(raw, output, DataType.FLOAT));
                return;
            }
        }
    }

    private static void readFrom(List<NodeProto> nodes, String from, String to) {
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto node = nodes.get(i);
            if (node.getInputList().contains(from)) {
                NodeProto.Builder b = node.toBuilder();
                for (int k = 0; k < b.getInputCount(); k++) {
                    if (b.getInput(k).equals(from)) {
                        b.setInput(k, to);
                    }
                }
                nodes.set(i, b.build());
            }
        }
    }

    private NodeProto cast(String from, String to, DataType type) {
        return NodeProto.newBuilder().setOpType("Cast").setName(graph.freshName(to + "_Cast"))
                .addInput(from).addOutput(to)
                .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT)
                        .setI(type.getNumber())).build();
    }
}
