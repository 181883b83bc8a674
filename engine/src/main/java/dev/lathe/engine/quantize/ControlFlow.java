package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lathe.engine.model.onnx.Subgraphs;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What lies inside the subgraphs of If, Loop and Scan nodes, which Lathe's rewrites do not enter: said out loud, so
 * a model whose weights all live there (Silero VAD) is not reported as one with nothing to quantize.
 */
final class ControlFlow {
    private ControlFlow() {
    }

    /** Like "its 4 Conv/MatMul nodes are inside the subgraphs of If nodes", when there are any. */
    static Optional<String> nestedOps(GraphEdit graph, Set<String> ops) {
        long count = 0;
        Set<String> found = new TreeSet<>();
        Set<String> holders = new TreeSet<>();
        for (NodeProto node : graph.nodes()) {
            for (NodeProto nested : Subgraphs.nestedNodes(node)) {
                if (ops.contains(nested.getOpType())) {
                    count++;
                    found.add(nested.getOpType());
                    holders.add(node.getOpType());
                }
            }
        }
        return count == 0 ? Optional.empty() : Optional.of("its " + count + " " + String.join("/", found)
                + " nodes are inside the subgraphs of " + String.join("/", holders) + " nodes");
    }

    /** How many float weights (elements) the model keeps inside subgraphs. */
    static long nestedFloatWeights(GraphEdit graph) {
        return graph.nodes().stream().flatMap(n -> Subgraphs.nestedWeights(n).stream())
                .filter(t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE)
                .mapToLong(t -> java.util.Arrays.stream(Tensors.dims(t)).reduce(1, Math::multiplyExact)).sum();
    }
}
