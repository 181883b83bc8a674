package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lathe.engine.quantize.ActivationRange.Params;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Static quantization in QDQ form: int8 per-channel weights and int32 biases behind DequantizeLinear, and a
 * QuantizeLinear/DequantizeLinear pair on every planned activation (see {@link QdqPlan}). ONNX Runtime turns
 * DQ→Conv→Q into QLinearConv, DQ→MatMul→Q into QLinearMatMul and DQ→Gemm→Q into QGemm.
 */
final class StaticRewrite {
    private final GraphEdit graph;
    private final WeightStore weights;
    private final Map<String, Params> params = new HashMap<>();

    private StaticRewrite(GraphEdit graph, NodeSelection selection, QuantizeSpec spec) {
        this.graph = graph;
        this.weights = new WeightStore(graph, spec.perChannel(), spec.reduceRange());
    }

    static List<String> apply(GraphEdit graph, NodeSelection selection, QuantizeSpec spec, QdqPlan plan,
            Map<String, ActivationRange> ranges) {
        StaticRewrite rewrite = new StaticRewrite(graph, selection, spec);
        for (String tensor : plan.tensors) {
            String root = tensor;
            while (plan.sharesWith.containsKey(root)) {
                root = plan.sharesWith.get(root);
            }
            rewrite.params.put(tensor, ranges.get(root).params(spec.symmetricActivations()));
        }
        // Selection knows nodes by their first output, so Relu/Clip nodes are dropped (renaming outputs) last.
        List<String> quantized = WeightOnlyRewrite.dequantizeWeights(graph, selection, rewrite.weights,
                rewrite::quantizeBias);
        List<String> changed = new ArrayList<>(quantized);
        changed.addAll(eightBitNodes(graph, selection, plan));
        dropAbsorbedActivations(graph, plan);
        rewrite.insertActivationPairs(plan);
        return changed;
    }

    /** Relu/Clip nodes folded into the quantization, and layout ops running on 8-bit data: not float any more. */
    private static List<String> eightBitNodes(GraphEdit graph, NodeSelection selection, QdqPlan plan) {
        List<String> names = new ArrayList<>();
        plan.absorbedActivations.values().forEach(relu -> names.add(selection.nameOf(relu)));
        plan.sharesWith.keySet().forEach(t -> graph.producer(t).ifPresent(p -> names.add(selection.nameOf(p))));
        return names;
    }

    private static void dropAbsorbedActivations(GraphEdit graph, QdqPlan plan) {
        List<NodeProto> nodes = graph.nodes();
        plan.absorbedActivations.forEach((output, relu) -> {
            nodes.remove(relu);
            for (int i = 0; i < nodes.size(); i++) {
                NodeProto node = nodes.get(i);
                if (node.getOutputList().contains(relu.getInput(0))) {
                    nodes.set(i, node.toBuilder().setOutput(0, output).build());
                }
            }
        });
    }

    /** The node's bias as int32 with scale input_scale × weight_scale, so integer kernels add it without rescaling. */
    private List<NodeProto> quantizeBias(NodeProto node, WeightStore.Stored weight, List<String> inputs) {
        if (node.getInputCount() < 3 || node.getInput(2).isEmpty()) {
            return List.of();
        }
        TensorProto bias = graph.initializer(node.getInput(2)).orElseThrow();
        FloatBuffer values = Tensors.floats(bias).orElseThrow();
        float inputScale = params.get(node.getInput(0)).scale();
        float[] weightScales = weight.weight().scales();
        int n = values.remaining();
        float[] scales = new float[weightScales.length == 1 ? 1 : n];
        int[] q = new int[n];
        for (int c = 0; c < n; c++) {
            float scale = inputScale * weightScales[weightScales.length == 1 ? 0 : c];
            scales[weightScales.length == 1 ? 0 : c] = scale;
            long rounded = Math.round((double) values.get(c) / scale);
            q[c] = (int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE, rounded));
        }
        long[] scaleDims = scales.length == 1 ? new long[0] : new long[] {n};
        String base = graph.freshName(node.getInput(2) + "_quantized");
        String scaleName = graph.freshName(base + "_scale");
        String zeroName = graph.freshName(base + "_zero_point");
        graph.putInitializer(Tensors.int32Tensor(base, q, n));
        graph.putInitializer(Tensors.floatTensor(scaleName, scales, scaleDims));
        graph.putInitializer(Tensors.int32Tensor(zeroName, new int[scales.length], scaleDims));
        String dequantized = graph.freshName(node.getInput(2) + "_dequantized");
        inputs.set(2, dequantized);
        NodeProto.Builder dq = NodeProto.newBuilder().setOpType("DequantizeLinear")
                .setName(graph.freshName(base + "_DequantizeLinear"))
                .addAllInput(List.of(base, scaleName, zeroName)).addOutput(dequantized);
        if (scales.length > 1) {
            dq.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                    .setI(0));
        }
        return List.of(dq.build());
    }

    // A produced tensor is renamed at its producer and the DequantizeLinear takes over its name, so consumers and
    // graph outputs keep reading it and the producer's only consumer is the QuantizeLinear (what ORT fuses).
    private void insertActivationPairs(QdqPlan plan) {
        List<NodeProto> out = new ArrayList<>();
        Map<String, String> inputRenames = new HashMap<>();
        for (String tensor : plan.tensors) {
            if (graph.isGraphInput(tensor)) {
                String dequantized = graph.freshName(tensor + "_dequantized");
                out.addAll(pair(tensor, tensor, dequantized));
                inputRenames.put(tensor, dequantized);
            }
        }
        for (NodeProto node : graph.nodes()) {
            NodeProto.Builder b = node.toBuilder();
            for (int i = 0; i < b.getInputCount(); i++) {
                b.setInput(i, inputRenames.getOrDefault(b.getInput(i), b.getInput(i)));
            }
            List<NodeProto> pairs = new ArrayList<>();
            for (int i = 0; i < b.getOutputCount(); i++) {
                String tensor = b.getOutput(i);
                if (plan.tensors.contains(tensor) && !graph.isGraphInput(tensor)) {
                    String raw = graph.freshName(tensor + "_float");
                    b.setOutput(i, raw);
                    pairs.addAll(pair(tensor, raw, tensor));
                }
            }
            out.add(b.build());
            out.addAll(pairs);
        }
        graph.nodes().clear();
        graph.nodes().addAll(out);
    }

    private List<NodeProto> pair(String tensor, String floatIn, String floatOut) {
        Params p = params.get(tensor);
        String scale = graph.freshName(tensor + "_scale");
        String zero = graph.freshName(tensor + "_zero_point");
        String quantized = graph.freshName(tensor + "_quantized");
        graph.putInitializer(Tensors.floatTensor(scale, new float[] {p.scale()}));
        graph.putInitializer(Tensors.zeroPoints(zero, p.signed(), new byte[] {(byte) p.zeroPoint()}));
        NodeProto q = NodeProto.newBuilder().setOpType("QuantizeLinear")
                .setName(graph.freshName(tensor + "_QuantizeLinear"))
                .addAllInput(List.of(floatIn, scale, zero)).addOutput(quantized).build();
        NodeProto dq = NodeProto.newBuilder().setOpType("DequantizeLinear")
                .setName(graph.freshName(tensor + "_DequantizeLinear"))
                .addAllInput(List.of(quantized, scale, zero)).addOutput(floatOut).build();
        return List.of(q, dq);
    }
}
