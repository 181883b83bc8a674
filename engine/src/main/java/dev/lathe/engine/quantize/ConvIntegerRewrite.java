package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A Conv in dynamic mode: its activation quantized to uint8 on every call (DynamicQuantizeLinear, shared with the
 * other readers), {@code ConvInteger} against the stored weight, then the int32 sums scaled back to float by
 * activation scale × the channel's weight scale, and the bias added. ONNX Runtime's CPU ConvInteger takes uint8
 * weights only, with one zero point: weights are symmetric int8 per channel stored shifted by 128, so the
 * channel's scales still apply after the integer sum. Its u8×u8 kernels widen both operands to 16 bits before they
 * multiply, so no pair of products can clip on any CPU and {@code reduce_range: auto} keeps the full 8 bits.
 */
final class ConvIntegerRewrite {
    /** DynamicQuantizeLinear came with opset 11. */
    static final long OPSET = 11;
    private static final int SHIFT = 128;

    private final GraphEdit graph;
    private final WeightStore weights;

    ConvIntegerRewrite(GraphEdit graph, QuantizeSpec spec) {
        this.graph = graph;
        QuantizeSpec.ReduceRange range = spec.reduceRange() == QuantizeSpec.ReduceRange.AUTO
                ? QuantizeSpec.ReduceRange.OFF : spec.reduceRange();
        this.weights = new WeightStore(graph, spec.perChannel(), range);
    }

    /**
     * Why this Conv stays float in dynamic mode, measured: on PP-OCRv4's detector, ConvInteger for every Conv ran at
     * 0.90x the float model's speed, for the ungrouped ones only at 1.23x. ONNX Runtime has a float depthwise kernel
     * but runs a grouped ConvInteger as one small GEMM per group.
     */
    static Optional<String> whyFloat(GraphEdit graph, NodeProto node) {
        if (graph.opset() < OPSET) {
            return Optional.of("dynamic Conv needs opset 11 (DynamicQuantizeLinear) and the model uses opset "
                    + graph.opset() + "; weight-only mode stores it in int8 at any opset");
        }
        long group = WeightStore.attribute(node, "group");
        if (group > 1) {
            return Optional.of("a grouped Conv (group " + group + ") runs slower as ConvInteger than in float; "
                    + "static mode runs it in int8");
        }
        return Optional.empty();
    }

    /** The nodes that replace {@code conv}, reading the activation's quantized form {@code q} (value, scale, zero). */
    List<NodeProto> replace(NodeProto conv, String[] q) {
        WeightStore.Stored w = weights.weightOf(conv, false);
        QuantizedWeight weight = w.weight();
        String name = conv.getName().isEmpty() ? graph.freshName(conv.getOutput(0) + "_ConvInteger") : conv.getName();
        String shifted = shiftedWeight(w);
        String shiftZero = graph.freshName(w.values() + "_u8_zero_point");
        graph.putInitializer(Tensors.zeroPoints(shiftZero, false, new byte[] {(byte) SHIFT}));
        String sums = graph.freshName(conv.getOutput(0) + "_int32");
        String sumsAsFloat = graph.freshName(sums + "_float");
        String scale = graph.freshName(conv.getOutput(0) + "_scale");
        boolean bias = conv.getInputCount() > 2 && !conv.getInput(2).isEmpty();
        String scaled = bias ? graph.freshName(conv.getOutput(0) + "_scaled") : conv.getOutput(0);
        List<NodeProto> nodes = new ArrayList<>();
        nodes.add(NodeProto.newBuilder().setName(name).setOpType("ConvInteger")
                .addAllInput(List.of(q[0], shifted, q[2], shiftZero)).addOutput(sums)
                .addAllAttribute(conv.getAttributeList()).build());
        nodes.add(node("Cast", name + "_Cast", List.of(sums), sumsAsFloat).toBuilder()
                .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT)
                        .setI(TensorProto.DataType.FLOAT_VALUE)).build());
        nodes.add(node("Mul", name + "_scale", List.of(q[1], channelShaped(w.scales(), weight.scales(),
                weight.dims().length)), scale));
        nodes.add(node("Mul", name + "_Mul", List.of(sumsAsFloat, scale), scaled));
        if (bias) {
            FloatBuffer b = Tensors.floats(graph.initializer(conv.getInput(2)).orElseThrow()).orElseThrow();
            float[] values = new float[b.remaining()];
            b.get(values);
            nodes.add(node("Add", name + "_bias", List.of(scaled, channelShaped(conv.getInput(2), values,
                    weight.dims().length)), conv.getOutput(0)));
        }
        return nodes;
    }

    private String shiftedWeight(WeightStore.Stored w) {
        byte[] signed = w.weight().values();
        byte[] unsigned = new byte[signed.length];
        for (int i = 0; i < signed.length; i++) {
            unsigned[i] = (byte) (signed[i] + SHIFT);
        }
        String name = graph.freshName(w.values() + "_u8");
        graph.putInitializer(Tensors.raw(name, TensorProto.DataType.UINT8, unsigned, w.weight().dims()));
        return name;
    }

    /** Per-channel values shaped [C, 1, 1...] to broadcast over the output's channel axis; one value stays a scalar. */
    private String channelShaped(String base, float[] values, int rank) {
        long[] dims = new long[values.length == 1 ? 0 : rank - 1];
        Arrays.fill(dims, 1);
        if (dims.length > 0) {
            dims[0] = values.length;
        }
        String name = graph.freshName(base + "_per_channel");
        graph.putInitializer(Tensors.floatTensor(name, values, dims));
        return name;
    }

    private NodeProto node(String op, String name, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(graph.freshName(name)).addAllInput(inputs)
                .addOutput(output).build();
    }
}
