package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Weight-only quantization: weights stored as int8 and turned back into float by Cast + Mul (by per-channel scales).
 * ONNX Runtime folds those into float weights when it loads the model, so the file shrinks about 4x and runs as fast
 * as the float model; with DequantizeLinear, which ORT keeps to run on every call, a BERT ran 1.7x slower.
 */
final class WeightOnlyRewrite {
    /** Extra nodes a rewrite needs before a quantized node, given the node, its weight and its (editable) inputs. */
    @FunctionalInterface
    interface Extra {
        List<NodeProto> nodesFor(NodeProto node, WeightStore.Stored weight, List<String> inputs);
    }

    private WeightOnlyRewrite() {
    }

    /**
     * Cast + Mul exist in every opset, so models older than opset 13 keep per-channel scales too. Nothing computes in
     * int8 here, so no pair of products can saturate: {@code reduce_range: auto} keeps the full 8 bits.
     */
    static List<String> apply(GraphEdit graph, NodeSelection selection, QuantizeSpec spec) {
        QuantizeSpec.ReduceRange range = spec.reduceRange() == QuantizeSpec.ReduceRange.AUTO
                ? QuantizeSpec.ReduceRange.OFF : spec.reduceRange();
        WeightStore weights = new WeightStore(graph, spec.perChannel(), range);
        return dequantizeWeights(graph, selection, weights, (node, weight, inputs) -> List.of(), true);
    }

    static List<String> dequantizeWeights(GraphEdit graph, NodeSelection selection, WeightStore weights, Extra extra) {
        return dequantizeWeights(graph, selection, weights, extra, false);
    }

    /** Puts each selected node's weight behind a DequantizeLinear (shared weights once); returns the nodes' names. */
    private static List<String> dequantizeWeights(GraphEdit graph, NodeSelection selection, WeightStore weights,
            Extra extra, boolean castAndScale) {
        List<String> quantized = new ArrayList<>();
        List<NodeProto> out = new ArrayList<>();
        List<String> dequantizedWeights = new ArrayList<>();
        for (NodeProto node : graph.nodes()) {
            if (!selection.quantizes(node) || NodeSelection.ACTIVATION_ONLY.contains(node.getOpType())) {
                out.add(node);
                if (selection.quantizes(node)) {
                    quantized.add(selection.nameOf(node));
                }
                continue;
            }
            WeightStore.Stored weight = weights.weightOf(node, false);
            String dequantized = weight.values() + "_dequantized";
            if (!dequantizedWeights.contains(dequantized)) {
                dequantizedWeights.add(dequantized);
                String dqName = graph.freshName(weight.values() + "_DequantizeLinear");
                out.addAll(castAndScale ? weights.castAndScale(weight, dequantized, dqName)
                        : List.of(weights.dequantize(weight, dequantized, dqName)));
            }
            List<String> inputs = new ArrayList<>(node.getInputList());
            inputs.set(1, dequantized);
            out.addAll(extra.nodesFor(node, weight, inputs));
            out.add(node.toBuilder().clearInput().addAllInput(inputs).build());
            quantized.add(selection.nameOf(node));
        }
        graph.nodes().clear();
        graph.nodes().addAll(out);
        return quantized;
    }
}
