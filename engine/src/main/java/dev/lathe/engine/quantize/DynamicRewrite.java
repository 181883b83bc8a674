package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Dynamic quantization: each selected MatMul/Gemm becomes ONNX Runtime's {@code com.microsoft.DynamicQuantizeMatMul},
 * which quantizes the activation to uint8 per call and runs an integer GEMM against the stored int8 weight. It is
 * the fused form ORT would otherwise have to assemble from DynamicQuantizeLinear + MatMulInteger + Mul.
 */
final class DynamicRewrite {
    private DynamicRewrite() {
    }

    static List<String> apply(GraphEdit graph, NodeSelection selection, QuantizeSpec spec) {
        graph.importDomain("com.microsoft", 1);
        WeightStore weights = new WeightStore(graph, spec.perChannel(), spec.reduceRange());
        List<String> quantized = new ArrayList<>();
        List<NodeProto> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto node = nodes.get(i);
            if (!selection.quantizes(node)) {
                continue;
            }
            WeightStore.Stored w = weights.weightOf(node, true);
            List<String> inputs = new ArrayList<>(List.of(node.getInput(0), w.values(), w.scales(), w.zeroPoints()));
            if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
                inputs.add(node.getInput(2));
            }
            nodes.set(i, NodeProto.newBuilder().setName(node.getName()).setOpType("DynamicQuantizeMatMul")
                    .setDomain("com.microsoft").addAllInput(inputs).addAllOutput(node.getOutputList()).build());
            quantized.add(selection.nameOf(node));
        }
        return quantized;
    }
}
