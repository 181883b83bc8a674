package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Dynamic quantization: each selected MatMul/Gemm runs an integer GEMM against its stored int8 weight, with the
 * activation quantized to uint8 on every call, in ONNX Runtime's fused kernels:
 * <ul>
 *   <li>an activation that several selected nodes read (a transformer's query, key and value projections) is
 *   quantized once, by one {@code DynamicQuantizeLinear}, and each reader is a {@code com.microsoft
 *   .MatMulIntegerToFloat};</li>
 *   <li>an activation read by one selected node goes into a {@code com.microsoft.DynamicQuantizeMatMul}, which
 *   quantizes it itself.</li>
 * </ul>
 * A bias Add right after a MatMul (how exporters write a linear layer) is folded into the kernel, which adds it
 * while it scales the integer sums. Weights are symmetric, so their zero points (all 0) are left out, which spares
 * the kernel the per-column zero-point correction. Ungrouped Convs run as ConvInteger ({@link ConvIntegerRewrite}).
 */
final class DynamicRewrite {
    /** DynamicQuantizeLinear came with opset 11; older models quantize each activation inside its MatMul. */
    private static final long SHARED_QUANTIZATION_OPSET = 11;

    private final GraphEdit graph;
    private final NodeSelection selection;
    private final WeightStore weights;
    private final ConvIntegerRewrite convs;
    private final Map<String, String[]> sharedActivations = new HashMap<>();
    private final Set<NodeProto> foldedAdds = new HashSet<>();
    private final List<String> quantized = new ArrayList<>();

    private DynamicRewrite(GraphEdit graph, NodeSelection selection, QuantizeSpec spec) {
        this.graph = graph;
        this.selection = selection;
        this.weights = new WeightStore(graph, spec.perChannel(), spec.reduceRange());
        this.convs = new ConvIntegerRewrite(graph, spec);
    }

    static List<String> apply(GraphEdit graph, NodeSelection selection, QuantizeSpec spec) {
        graph.importDomain("com.microsoft", 1);
        DynamicRewrite rewrite = new DynamicRewrite(graph, selection, spec);
        Map<String, Integer> readers = new HashMap<>();
        graph.nodes().stream().filter(selection::quantizes).forEach(n -> readers.merge(n.getInput(0), 1, Integer::sum));
        boolean share = graph.opset() >= SHARED_QUANTIZATION_OPSET;
        List<NodeProto> out = new ArrayList<>();
        for (NodeProto node : List.copyOf(graph.nodes())) {
            if (!selection.quantizes(node)) {
                out.add(node);
            } else if (node.getOpType().equals("Conv")) {
                out.addAll(rewrite.asConvInteger(node));
            } else if (share && readers.get(node.getInput(0)) > 1) {
                out.addAll(rewrite.withSharedActivation(node));
            } else {
                out.add(rewrite.withOwnActivation(node));
            }
        }
        out.removeAll(rewrite.foldedAdds);
        graph.nodes().clear();
        graph.nodes().addAll(out);
        return rewrite.quantized;
    }

    private NodeProto withOwnActivation(NodeProto node) {
        WeightStore.Stored w = weights.weightOf(node, true);
        Bias bias = biasOf(node, w);
        List<String> inputs = new ArrayList<>(List.of(node.getInput(0), w.values(), w.scales()));
        bias.name().ifPresent(b -> inputs.addAll(List.of("", b)));
        bias.record(node);
        return NodeProto.newBuilder().setName(node.getName()).setOpType("DynamicQuantizeMatMul")
                .setDomain("com.microsoft").addAllInput(inputs).addOutput(bias.output()).build();
    }

    private List<NodeProto> asConvInteger(NodeProto conv) {
        List<NodeProto> nodes = new ArrayList<>();
        String[] q = quantizedActivation(conv.getInput(0), nodes);
        nodes.addAll(convs.replace(conv, q));
        quantized.add(selection.nameOf(conv));
        return nodes;
    }

    /**
     * The activation's uint8 value, scale and zero point from its one DynamicQuantizeLinear, which is added to
     * {@code nodes} before its first reader, so the order stays topological.
     */
    private String[] quantizedActivation(String a, List<NodeProto> nodes) {
        String[] q = sharedActivations.get(a);
        if (q == null) {
            q = new String[] {graph.freshName(a + "_quantized"), graph.freshName(a + "_scale"),
                    graph.freshName(a + "_zero_point")};
            sharedActivations.put(a, q);
            nodes.add(NodeProto.newBuilder().setName(graph.freshName(a + "_DynamicQuantizeLinear"))
                    .setOpType("DynamicQuantizeLinear").addInput(a).addAllOutput(List.of(q)).build());
        }
        return q;
    }

    private List<NodeProto> withSharedActivation(NodeProto node) {
        List<NodeProto> nodes = new ArrayList<>();
        String[] q = quantizedActivation(node.getInput(0), nodes);
        WeightStore.Stored w = weights.weightOf(node, true);
        Bias bias = biasOf(node, w);
        List<String> inputs = new ArrayList<>(List.of(q[0], w.values(), q[1], w.scales(), q[2]));
        bias.name().ifPresent(b -> inputs.addAll(List.of("", b)));
        bias.record(node);
        nodes.add(NodeProto.newBuilder().setName(node.getName()).setOpType("MatMulIntegerToFloat")
                .setDomain("com.microsoft").addAllInput(inputs).addOutput(bias.output()).build());
        return nodes;
    }

    /** A bias for the fused kernel, the tensor the kernel writes, and the Add folded into it, if any. */
    private final class Bias {
        private final Optional<String> name;
        private final String output;
        private final Optional<NodeProto> folded;

        Bias(Optional<String> name, String output, Optional<NodeProto> folded) {
            this.name = name;
            this.output = output;
            this.folded = folded;
        }

        Optional<String> name() {
            return name;
        }

        String output() {
            return output;
        }

        /** Lists the node, then the Add folded into it, as changed: neither runs in float any more. */
        void record(NodeProto node) {
            quantized.add(selection.nameOf(node));
            folded.ifPresent(add -> {
                foldedAdds.add(add);
                quantized.add(selection.nameOf(add));
            });
        }
    }

    private Bias biasOf(NodeProto node, WeightStore.Stored w) {
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            return new Bias(Optional.of(node.getInput(2)), node.getOutput(0), Optional.empty());
        }
        String out = node.getOutput(0);
        List<NodeProto> consumers = graph.consumers(out);
        if (consumers.size() != 1 || graph.isGraphOutput(out)) {
            return new Bias(Optional.empty(), out, Optional.empty());
        }
        NodeProto add = consumers.get(0);
        if (!add.getOpType().equals("Add") || !add.getDomain().isEmpty() || add.getInputCount() != 2
                || add.getInput(0).equals(add.getInput(1))) {
            return new Bias(Optional.empty(), out, Optional.empty());
        }
        String other = add.getInput(0).equals(out) ? add.getInput(1) : add.getInput(0);
        long columns = w.weight().dims()[1];
        boolean fits = graph.initializer(other).filter(t -> t.getDimsCount() == 1 && t.getDims(0) == columns
                && t.getDataType() == TensorProto.DataType.FLOAT_VALUE).isPresent();
        if (!fits) {
            return new Bias(Optional.empty(), out, Optional.empty());
        }
        return new Bias(Optional.of(other), add.getOutput(0), Optional.of(add));
    }
}
