package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Folds an inference-mode BatchNormalization into the Conv before it. Quantizing first would put a Q/DQ pair
 * between them, which stops ONNX Runtime from folding them itself and leaves a float BatchNorm in the int8 path.
 */
final class BatchNormFolding {
    private BatchNormFolding() {
    }

    /** Folds what it can and returns the folded BatchNorms' names. */
    static List<String> apply(GraphEdit graph) {
        List<String> folded = new ArrayList<>();
        List<NodeProto> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto bn = nodes.get(i);
            if (!bn.getOpType().equals("BatchNormalization") || bn.getOutputCount() != 1) {
                continue;
            }
            Optional<NodeProto> conv = graph.producer(bn.getInput(0)).filter(c -> c.getOpType().equals("Conv")
                    && graph.consumerCount(bn.getInput(0)) == 1);
            Optional<FloatBuffer[]> params = conv.flatMap(c -> floats(graph, c, bn));
            if (params.isPresent()) {
                String name = NodeSelection.displayName(bn);
                fold(graph, conv.get(), bn, params.get());
                nodes.remove(bn);
                i--;
                folded.add(name);
            }
        }
        return folded;
    }

    /** Conv weight, Conv bias (or null), BN scale, B, mean and var, when all are stored float tensors. */
    private static Optional<FloatBuffer[]> floats(GraphEdit graph, NodeProto conv, NodeProto bn) {
        FloatBuffer[] out = new FloatBuffer[6];
        List<String> names = new ArrayList<>(List.of(conv.getInput(1),
                conv.getInputCount() > 2 ? conv.getInput(2) : ""));
        names.addAll(bn.getInputList().subList(1, 5));
        for (int k = 0; k < names.size(); k++) {
            if (k == 1 && names.get(k).isEmpty()) {
                continue;
            }
            Optional<FloatBuffer> values = graph.initializer(names.get(k)).flatMap(Tensors::floats);
            if (values.isEmpty()) {
                return Optional.empty();
            }
            out[k] = values.get();
        }
        return Optional.of(out);
    }

    // w'[c] = w[c]·γ/√(σ²+ε) and b'[c] = (b[c] − μ)·γ/√(σ²+ε) + β, for each output channel c of the Conv.
    private static void fold(GraphEdit graph, NodeProto conv, NodeProto bn, FloatBuffer[] p) {
        float epsilon = bn.getAttributeList().stream().filter(a -> a.getName().equals("epsilon"))
                .map(AttributeProto::getF).findFirst().orElse(1e-5f);
        TensorProto weight = graph.initializer(conv.getInput(1)).orElseThrow();
        long[] dims = Tensors.dims(weight);
        int channels = (int) dims[0];
        int perChannel = p[0].remaining() / channels;
        float[] w = new float[p[0].remaining()];
        float[] b = new float[channels];
        for (int c = 0; c < channels; c++) {
            float factor = (float) (p[2].get(c) / Math.sqrt(p[5].get(c) + epsilon));
            for (int j = 0; j < perChannel; j++) {
                w[c * perChannel + j] = p[0].get(c * perChannel + j) * factor;
            }
            b[c] = ((p[1] == null ? 0 : p[1].get(c)) - p[4].get(c)) * factor + p[3].get(c);
        }
        String wName = graph.freshName(conv.getInput(1) + "_bn_folded");
        String bName = graph.freshName(bn.getName().isEmpty() ? wName + "_bias" : bn.getName() + "_bias");
        graph.putInitializer(Tensors.floatTensor(wName, w, dims));
        graph.putInitializer(Tensors.floatTensor(bName, b, channels));
        NodeProto.Builder folded = conv.toBuilder().clearInput().addInput(conv.getInput(0)).addInput(wName)
                .addInput(bName).setOutput(0, bn.getOutput(0));
        graph.nodes().set(graph.nodes().indexOf(conv), folded.build());
    }
}
