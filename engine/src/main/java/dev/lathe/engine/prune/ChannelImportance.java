package dev.lathe.engine.prune;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.HashMap;
import java.util.Map;

/**
 * How much each output channel matters: the L1 or L2 norm of its filter (Li et al., "Pruning Filters for Efficient
 * ConvNets", 2017). Cheap, needs no data, and after fine-tuning close to data-driven criteria on small CNNs.
 * BatchNorm folded into the conv (as exporters usually do) is already in the filter's scale.
 */
final class ChannelImportance {
    private ChannelImportance() {
    }

    /** One value per atom of {@code channels}. */
    static double[] of(GraphProto graph, ChannelGraph channels, PruneSpec.Method method) {
        Map<String, TensorProto> initializers = new HashMap<>();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        double[] importance = new double[channels.atomCount()];
        for (ChannelGraph.Producer p : channels.producers()) {
            double[] norms = Weights.of(initializers.get(p.weight())).norms(p.outAxis(),
                    method == PruneSpec.Method.L2);
            System.arraycopy(norms, 0, importance, p.firstAtom(), p.channels());
        }
        return importance;
    }
}
