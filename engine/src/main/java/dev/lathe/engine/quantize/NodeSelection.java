package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lathe.engine.quantize.QuantizedModel.FloatNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Decides which nodes a mode quantizes and why each other node stays float. Nodes are keyed by their first output,
 * which ONNX guarantees to be unique.
 */
final class NodeSelection {
    /** Ops without weights that static mode runs in 8 bits (ORT: QLinearAdd, QLinearAveragePool...). */
    static final Set<String> ACTIVATION_ONLY = Set.of("Add", "AveragePool", "GlobalAveragePool");

    private final Set<String> quantized = new LinkedHashSet<>();
    private final Set<String> tables = new LinkedHashSet<>();
    private final Map<String, String> names = new LinkedHashMap<>();
    private final List<FloatNode> floatNodes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private NodeSelection() {
    }

    static NodeSelection select(GraphEdit graph, QuantizeSpec spec) throws QuantizationException {
        Map<String, Pattern> patterns = compile(spec.exclude());
        Set<String> matched = new LinkedHashSet<>();
        NodeSelection selection = new NodeSelection();
        for (int i = 0; i < graph.nodes().size(); i++) {
            NodeProto node = graph.nodes().get(i);
            String name = displayName(node);
            selection.names.put(node.getOutput(0), name);
            Optional<String> pattern = patterns.entrySet().stream()
                    .filter(e -> e.getKey().equals(node.getOpType()) || e.getValue().matcher(name).matches())
                    .map(Map.Entry::getKey).findFirst();
            pattern.ifPresent(matched::add);
            Optional<String> floatReason = pattern.map(p -> "excluded by " + p)
                    .or(() -> whyFloat(graph, node, spec.mode()));
            if (floatReason.isPresent()) {
                selection.floatNodes.add(new FloatNode(name, node.getOpType(), floatReason.get()));
            } else if (node.getOpType().equals("Gather")) {
                selection.tables.add(node.getOutput(0));
            } else {
                selection.quantized.add(node.getOutput(0));
            }
        }
        if (spec.mode() == QuantizeSpec.Mode.STATIC) {
            selection.dropIslands(graph);
        }
        patterns.keySet().stream().filter(p -> !matched.contains(p)).forEach(p -> selection.warnings.add(
                "exclude pattern '" + p + "' matches no node name or op type; check it for a typo"));
        return selection;
    }

    private static Map<String, Pattern> compile(List<String> exclude) throws QuantizationException {
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        for (String p : exclude) {
            try {
                patterns.put(p, Pattern.compile(p));
            } catch (PatternSyntaxException e) {
                throw new QuantizationException("exclude pattern '" + p + "' is not a valid regular expression ("
                        + e.getDescription() + "); escape special characters like '.' and '['", e);
            }
        }
        return patterns;
    }

    /** The node's own name, or for an unnamed node its op and first output, which ONNX keeps unique. */
    static String displayName(NodeProto node) {
        return node.getName().isEmpty() ? node.getOpType() + " → " + node.getOutput(0) : node.getName();
    }

    private static Optional<String> whyFloat(GraphEdit graph, NodeProto node, QuantizeSpec.Mode mode) {
        String op = node.getOpType();
        if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
            return Optional.of("op " + node.getDomain() + "." + op + " is kept in float");
        }
        if (op.equals("Conv") && mode == QuantizeSpec.Mode.DYNAMIC) {
            return ConvIntegerRewrite.whyFloat(graph, node).or(() -> whyWeightUnusable(graph, node));
        }
        if (op.equals("Conv") || op.equals("MatMul") || op.equals("Gemm")) {
            return whyWeightUnusable(graph, node);
        }
        if (op.equals("Gather")) {
            return EmbeddingRewrite.whyTableUnusable(graph, node);
        }
        if (mode == QuantizeSpec.Mode.STATIC && ACTIVATION_ONLY.contains(op)) {
            boolean allActivations = node.getInputList().stream().allMatch(in -> graph.initializer(in).isEmpty());
            return allActivations ? Optional.empty()
                    : Optional.of("op " + op + " with a stored constant input is kept in float");
        }
        return Optional.of("op " + op + " is kept in float");
    }

    private static Optional<String> whyWeightUnusable(GraphEdit graph, NodeProto node) {
        if (node.getInputCount() < 2) {
            return Optional.of("has no weight input");
        }
        if (graph.initializer(node.getInput(0)).isPresent()) {
            return Optional.of("its data input is a stored constant, not an activation");
        }
        Optional<TensorProto> weight = graph.initializer(node.getInput(1));
        if (weight.isEmpty()) {
            return Optional.of("its second input is an activation, not a stored weight");
        }
        if (Tensors.floats(weight.get()).isEmpty()) {
            return Optional.of("its weight is not float32 stored in the file");
        }
        int rank = weight.get().getDimsCount();
        if (!node.getOpType().equals("Conv") && rank != 2) {
            return Optional.of("its weight has rank " + rank + "; only 2-D weights are quantized");
        }
        if (node.getOpType().equals("Gemm") && !plainGemm(node)) {
            return Optional.of("Gemm with transA, alpha or beta set is kept in float");
        }
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty() && !biasFits(graph, node)) {
            return Optional.of("its bias is not a stored 1-D float vector");
        }
        return Optional.empty();
    }

    private static boolean plainGemm(NodeProto node) {
        for (AttributeProto a : node.getAttributeList()) {
            boolean fine = switch (a.getName()) {
                case "transA" -> a.getI() == 0;
                case "alpha", "beta" -> a.getF() == 1f;
                default -> true;
            };
            if (!fine) {
                return false;
            }
        }
        return true;
    }

    private static boolean biasFits(GraphEdit graph, NodeProto node) {
        return graph.initializer(node.getInput(2))
                .filter(b -> b.getDimsCount() == 1 && Tensors.floats(b).isPresent()).isPresent();
    }

    /**
     * An Add or pooling node whose result reaches no quantized node stays float: ONNX Runtime would dequantize right
     * after it, so 8 bits buy no speed, and they cost accuracy where the tensor has outliers (a transformer's residual
     * stream going into LayerNorm spans ±200 with most values near ±1). Dropping one can strand the one before it.
     */
    private void dropIslands(GraphEdit graph) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (NodeProto node : graph.nodes()) {
                if (quantizes(node) && ACTIVATION_ONLY.contains(node.getOpType())
                        && !reachesQuantized(graph, node.getOutput(0))) {
                    quantized.remove(node.getOutput(0));
                    floatNodes.add(new FloatNode(nameOf(node), node.getOpType(), "its result reaches no quantized "
                            + "node, so 8 bits would only add rounding"));
                    changed = true;
                }
            }
        }
    }

    /** Whether the tensor feeds a quantized node, directly or through Relu/Clip and layout ops that run in 8 bits. */
    boolean reachesQuantized(GraphEdit graph, String tensor) {
        for (NodeProto consumer : graph.consumers(tensor)) {
            if (quantizes(consumer)) {
                return true;
            }
            boolean passes = QdqPlan.PASS_THROUGH.contains(consumer.getOpType())
                    || consumer.getOpType().equals("Relu") || consumer.getOpType().equals("Clip");
            if (passes && consumer.getDomain().isEmpty() && reachesQuantized(graph, consumer.getOutput(0))) {
                return true;
            }
        }
        return false;
    }

    boolean quantizes(NodeProto node) {
        return quantized.contains(node.getOutput(0));
    }

    /** The name a user sees for a node: its own, or op and position when the exporter left it unnamed. */
    String nameOf(NodeProto node) {
        return names.getOrDefault(node.getOutput(0), node.getName());
    }

    /** Whether this Gather's table is stored in int8 (see {@link EmbeddingRewrite}). */
    boolean quantizesTable(NodeProto node) {
        return tables.contains(node.getOutput(0));
    }

    boolean isEmpty() {
        return quantized.isEmpty() && tables.isEmpty();
    }

    List<FloatNode> floatNodes() {
        return floatNodes;
    }

    List<String> warnings() {
        return warnings;
    }
}
