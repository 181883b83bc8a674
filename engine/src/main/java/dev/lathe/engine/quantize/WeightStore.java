package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lathe.engine.quantize.QuantizeSpec.ReduceRange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Quantizes each weight once, however many nodes share it (tied embeddings, reused projections), and adds its
 * int8 values, scales and zero points to the graph.
 */
final class WeightStore {
    /** The initializer names a quantized weight was stored under. */
    record Stored(String values, String scales, String zeroPoints, QuantizedWeight weight) {
    }

    private final GraphEdit graph;
    private final boolean perChannel;
    private final ReduceRange range;
    private final Map<String, Stored> stored = new HashMap<>();

    WeightStore(GraphEdit graph, boolean perChannel, ReduceRange range) {
        this.graph = graph;
        this.perChannel = perChannel;
        this.range = range;
    }

    /**
     * The node's weight (input 1) quantized per output channel: axis 0 for Conv and for Gemm with transB, axis 1
     * for MatMul and plain Gemm. With {@code asMatMul} a transB weight is stored transposed to [K, N].
     */
    Stored weightOf(NodeProto node, boolean asMatMul) {
        boolean transB = node.getOpType().equals("Gemm") && attribute(node, "transB") == 1;
        String name = node.getInput(1);
        String key = name + (asMatMul && transB ? "|T" : "");
        return stored.computeIfAbsent(key, k -> store(name, transB, asMatMul && transB, node.getOpType()));
    }

    private Stored store(String name, boolean transB, boolean transpose, String op) {
        TensorProto tensor = graph.initializer(name).orElseThrow();
        int axis = !perChannel ? -1 : op.equals("Conv") || transB ? 0 : 1;
        QuantizedWeight weight = QuantizedWeight.of(Tensors.floats(tensor).orElseThrow(), Tensors.dims(tensor), axis,
                range);
        if (transpose) {
            weight = weight.transposed();
        }
        String values = graph.freshName(name + "_quantized");
        String scales = graph.freshName(name + "_scale");
        String zeros = graph.freshName(name + "_zero_point");
        long[] scaleDims = weight.perChannel() ? new long[] {weight.scales().length} : new long[0];
        graph.putInitializer(Tensors.raw(values, TensorProto.DataType.INT8, weight.values(), weight.dims()));
        graph.putInitializer(Tensors.floatTensor(scales, weight.scales(), scaleDims));
        graph.putInitializer(Tensors.zeroPoints(zeros, true, new byte[weight.scales().length], scaleDims));
        return new Stored(values, scales, zeros, weight);
    }

    static long attribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).mapToLong(AttributeProto::getI)
                .findFirst().orElse(0);
    }

    /**
     * Cast to float and Mul by the scales (shaped to broadcast along the channel axis): the same values as
     * DequantizeLinear with zero point 0, in ops every opset has and ONNX Runtime folds into constants at load.
     */
    List<NodeProto> castAndScale(Stored weight, String output, String nodeName) {
        QuantizedWeight w = weight.weight();
        long[] scaleDims = new long[w.perChannel() ? w.dims().length : 0];
        java.util.Arrays.fill(scaleDims, 1);
        if (w.perChannel()) {
            scaleDims[w.axis()] = w.scales().length;
        }
        String scales = graph.freshName(weight.scales() + "_broadcast");
        graph.putInitializer(Tensors.floatTensor(scales, w.scales(), scaleDims));
        String cast = graph.freshName(weight.values() + "_float");
        NodeProto toFloat = NodeProto.newBuilder().setOpType("Cast").setName(graph.freshName(nodeName + "_Cast"))
                .addInput(weight.values()).addOutput(cast)
                .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT)
                        .setI(TensorProto.DataType.FLOAT_VALUE)).build();
        NodeProto scale = NodeProto.newBuilder().setOpType("Mul").setName(graph.freshName(nodeName + "_Mul"))
                .addInput(cast).addInput(scales).addOutput(output).build();
        return List.of(toFloat, scale);
    }

    /** A DequantizeLinear node turning a stored weight back into float, with its channel axis. */
    NodeProto dequantize(Stored weight, String output, String nodeName) {
        NodeProto.Builder dq = NodeProto.newBuilder().setOpType("DequantizeLinear").setName(nodeName)
                .addAllInput(List.of(weight.values(), weight.scales(), weight.zeroPoints())).addOutput(output);
        if (weight.weight().perChannel()) {
            dq.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                    .setI(weight.weight().axis()));
        }
        return dq.build();
    }
}
