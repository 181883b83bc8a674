package dev.lathe.engine.distill;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.UnsafeByteOperations;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Fresh weights for a student: Kaiming-He normal (std √(2 / fan-in), suited to ReLU networks) for Conv, Gemm and
 * MatMul weights, zero biases, BatchNorm as identity (scale 1, bias 0, mean 0, variance 1). Values are drawn from
 * one {@link Random} in node order, so a seed fixes them. Float constants with no such role (a scale factor fed to
 * a Mul) keep their values: they are part of the architecture, not learned state.
 */
final class WeightInit {
    private WeightInit() {
    }

    static OnnxModel reinitialise(OnnxModel model, long seed) {
        GraphProto graph = model.proto().getGraph();
        Map<String, TensorProto> initializers = new HashMap<>();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        Map<String, Float> constant = new LinkedHashMap<>();
        Map<String, Long> heFanIn = new LinkedHashMap<>();
        Map<String, String> producers = new HashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            roles(node, initializers, producers, constant, heFanIn);
            node.getOutputList().forEach(o -> producers.put(o, node.getOpType()));
        }
        Random random = new Random(seed);
        GraphProto.Builder b = graph.toBuilder();
        for (int i = 0; i < b.getInitializerCount(); i++) {
            TensorProto t = b.getInitializer(i);
            if (heFanIn.containsKey(t.getName())) {
                double std = Math.sqrt(2.0 / heFanIn.get(t.getName()));
                b.setInitializer(i, filled(t, () -> (float) (random.nextGaussian() * std)));
            } else if (constant.containsKey(t.getName())) {
                float value = constant.get(t.getName());
                b.setInitializer(i, filled(t, () -> value));
            }
        }
        return new OnnxModel(model.proto().toBuilder().setGraph(b).build());
    }

    private static void roles(NodeProto node, Map<String, TensorProto> initializers, Map<String, String> producers,
                              Map<String, Float> constant, Map<String, Long> heFanIn) {
        switch (node.getOpType()) {
            case "Conv" -> {
                floatInput(node, 1, initializers).ifPresent(w -> heFanIn.put(w.getName(), product(w, 1)));
                floatInput(node, 2, initializers).ifPresent(bias -> constant.put(bias.getName(), 0f));
            }
            case "Gemm" -> {
                boolean transB = node.getAttributeList().stream()
                        .anyMatch(a -> a.getName().equals("transB") && a.getI() != 0);
                floatInput(node, 1, initializers).ifPresent(w -> heFanIn.put(w.getName(), w.getDims(transB ? 1 : 0)));
                floatInput(node, 2, initializers).ifPresent(bias -> constant.put(bias.getName(), 0f));
            }
            case "MatMul" -> {
                floatInput(node, 1, initializers).filter(w -> w.getDimsCount() >= 2)
                        .ifPresent(w -> heFanIn.put(w.getName(), w.getDims(w.getDimsCount() - 2)));
                floatInput(node, 0, initializers).filter(w -> w.getDimsCount() >= 2)
                        .ifPresent(w -> heFanIn.put(w.getName(), w.getDims(w.getDimsCount() - 1)));
            }
            case "Add" -> {
                for (int i = 0; i < 2 && node.getInputCount() == 2; i++) {
                    if ("MatMul".equals(producers.get(node.getInput(1 - i)))) {
                        floatInput(node, i, initializers).ifPresent(bias -> constant.put(bias.getName(), 0f));
                    }
                }
            }
            case "BatchNormalization" -> {
                float[] values = {1f, 0f, 0f, 1f};
                for (int i = 1; i <= 4; i++) {
                    float v = values[i - 1];
                    floatInput(node, i, initializers).ifPresent(t -> constant.put(t.getName(), v));
                }
            }
            default -> { }
        }
    }

    private static Optional<TensorProto> floatInput(NodeProto node, int index,
                                                            Map<String, TensorProto> initializers) {
        if (index >= node.getInputCount()) {
            return Optional.empty();
        }
        return Optional.ofNullable(initializers.get(node.getInput(index)))
                .filter(t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE);
    }

    private static long product(TensorProto t, int fromDim) {
        long p = 1;
        for (int d = fromDim; d < t.getDimsCount(); d++) {
            p *= t.getDims(d);
        }
        return Math.max(1, p);
    }

    private static TensorProto filled(TensorProto t, FloatSource values) {
        int count = (int) product(t, 0);
        ByteBuffer bytes = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            bytes.putFloat(values.next());
        }
        return t.toBuilder().clearFloatData().setRawData(UnsafeByteOperations.unsafeWrap(bytes.array())).build();
    }

    @FunctionalInterface
    private interface FloatSource {
        float next();
    }
}
