package dev.lathe.engine.prune;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Unstructured magnitude pruning: zero the weights of smallest absolute value (Han et al., 2015). For a single
 * weight the L1 and L2 norms are both its absolute value, so the two methods prune exactly the same weights here;
 * they differ only for channels. Only Conv, Gemm and MatMul weights are pruned: biases and BatchNorm parameters
 * are few and each one matters.
 */
final class MagnitudePruner {
    private MagnitudePruner() {
    }

    /** Weight initializer → node name, for every Conv, Gemm and MatMul with a constant weight not excluded. */
    static Map<String, String> prunableWeights(GraphProto graph, Exclusions exclusions) {
        Map<String, TensorProto> initializers = new HashMap<>();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        Map<String, String> weights = new LinkedHashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            boolean excluded = exclusions.excludes(node);
            boolean weighted = node.getOpType().equals("Conv") || node.getOpType().equals("Gemm")
                    || node.getOpType().equals("MatMul");
            if (weighted && !excluded && node.getInputCount() > 1) {
                TensorProto w = initializers.get(node.getInput(1));
                if (w != null && Weights.isFloat(w) && w.getDimsCount() >= 2) {
                    weights.putIfAbsent(w.getName(), Exclusions.displayName(node));
                }
            }
        }
        return weights;
    }

    /**
     * Which weights stay (true) so that {@code sparsity} of them are zero: below one threshold over all layers
     * (global) or one threshold per layer. Weights already zero go first, so masks only grow as sparsity rises.
     */
    static Map<String, boolean[]> masks(Map<String, float[]> weights, double sparsity, PruneSpec.Scope scope) {
        Map<String, boolean[]> masks = new LinkedHashMap<>();
        if (scope == PruneSpec.Scope.GLOBAL) {
            float threshold = threshold(weights.values().toArray(float[][]::new), sparsity);
            weights.forEach((name, w) -> masks.put(name, above(w, threshold)));
        } else {
            weights.forEach((name, w) -> masks.put(name, above(w, threshold(new float[][] {w}, sparsity))));
        }
        return masks;
    }

    /** The largest magnitude to prune; negative (prune nothing) when the sparsity leaves nothing to prune. */
    private static float threshold(float[][] layers, double sparsity) {
        int n = Arrays.stream(layers).mapToInt(w -> w.length).sum();
        float[] magnitudes = new float[n];
        int at = 0;
        for (float[] w : layers) {
            for (float v : w) {
                magnitudes[at++] = Math.abs(v);
            }
        }
        // rounded up, so a layer never ends below the sparsity asked for
        int k = (int) Math.min(n, Math.ceil(sparsity * n - 1e-9));
        if (k == 0) {
            return -1;
        }
        Arrays.sort(magnitudes);
        return magnitudes[k - 1];
    }

    private static boolean[] above(float[] w, float threshold) {
        boolean[] keep = new boolean[w.length];
        for (int i = 0; i < w.length; i++) {
            keep[i] = Math.abs(w[i]) > threshold;
        }
        return keep;
    }
}
