package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which activations get a QuantizeLinear/DequantizeLinear pair in static mode. ONNX Runtime fuses a node into an
 * integer kernel only when every float input comes from a DequantizeLinear and its output goes straight into a
 * QuantizeLinear, so both sides of each quantized node are planned, and layout ops between quantized nodes
 * (MaxPool, Flatten, Reshape...) share their input's parameters so that ORT runs them on 8-bit data too.
 */
final class QdqPlan {
    static final Set<String> PASS_THROUGH = Set.of("MaxPool", "Flatten", "Reshape", "Transpose", "Squeeze",
            "Unsqueeze");

    /** Activations to quantize, in no particular order. */
    final Set<String> tensors = new LinkedHashSet<>();
    /** Activations that reuse another's parameters (a MaxPool output reuses its input's). */
    final Map<String, String> sharesWith = new LinkedHashMap<>();
    /** Relu and Clip(0, ·) nodes the uint8 output quantization (zero point 0) already does: output → node. */
    final Map<String, NodeProto> absorbedActivations = new LinkedHashMap<>();

    static QdqPlan of(GraphEdit graph, NodeSelection selection, boolean symmetric) {
        QdqPlan plan = new QdqPlan();
        for (NodeProto node : graph.nodes()) {
            if (!selection.quantizes(node)) {
                continue;
            }
            boolean weightless = NodeSelection.ACTIVATION_ONLY.contains(node.getOpType());
            List<String> inputs = weightless ? node.getInputList() : node.getInputList().subList(0, 1);
            inputs.stream().filter(in -> graph.initializer(in).isEmpty()).forEach(plan.tensors::add);
            if (quantizedOutput(graph, selection, node)) {
                plan.tensors.add(plan.outputOf(graph, node, symmetric));
            }
        }
        plan.extendThroughLayoutOps(graph);
        return plan;
    }

    /**
     * Conv and the 8-bit Add and pools need a quantized output for ORT to fuse them (QLinearConv...). A MatMul or
     * Gemm whose result goes on in float is left without one: ORT runs it as MatMulIntegerToFloat, as fast, and its
     * result (in a transformer, often with outlier channels) is not squeezed into 8 bits for nothing.
     */
    private static boolean quantizedOutput(GraphEdit graph, NodeSelection selection, NodeProto node) {
        boolean matMul = node.getOpType().equals("MatMul") || node.getOpType().equals("Gemm");
        return !matMul || selection.reachesQuantized(graph, node.getOutput(0));
    }

    // With asymmetric uint8 activations a Relu after the node is exact in the quantization itself: zero point 0
    // clamps negatives. Dropping it lets ORT fuse Conv+Relu into one QLinearConv.
    private String outputOf(GraphEdit graph, NodeProto node, boolean symmetric) {
        String out = node.getOutput(0);
        if (symmetric || graph.isGraphOutput(out) || graph.consumerCount(out) != 1) {
            return out;
        }
        NodeProto next = graph.consumers(out).get(0);
        if (!next.getDomain().isEmpty() || !next.getOpType().equals("Relu") && !clipsAtZero(graph, next)) {
            return out;
        }
        absorbedActivations.put(next.getOutput(0), next);
        return next.getOutput(0);
    }

    // Clip(0, max) is absorbed like Relu: the output range calibrated after it is [0, ≤max], so the uint8
    // quantization clamps exactly as the Clip did.
    private static boolean clipsAtZero(GraphEdit graph, NodeProto node) {
        if (!node.getOpType().equals("Clip") || node.getInputCount() < 2 || node.getInput(1).isEmpty()) {
            return false;
        }
        return graph.initializer(node.getInput(1)).flatMap(Tensors::floats)
                .filter(min -> min.remaining() == 1 && min.get(0) == 0f).isPresent();
    }

    private void extendThroughLayoutOps(GraphEdit graph) {
        Deque<String> work = new ArrayDeque<>(tensors);
        while (!work.isEmpty()) {
            String tensor = work.pop();
            Optional<NodeProto> producer = graph.producer(tensor);
            if (producer.isEmpty() || !PASS_THROUGH.contains(producer.get().getOpType())
                    || producer.get().getOutputCount() != 1 || absorbedActivations.containsKey(tensor)) {
                continue;
            }
            String input = producer.get().getInput(0);
            if (graph.initializer(input).isPresent()) {
                continue;
            }
            sharesWith.put(tensor, input);
            if (tensors.add(input)) {
                work.push(input);
            }
        }
    }

    /** Tensors whose range calibration must find: the rest share another's. */
    Set<String> calibrated() {
        Set<String> own = new LinkedHashSet<>(tensors);
        own.removeAll(sharesWith.keySet());
        return own;
    }
}
