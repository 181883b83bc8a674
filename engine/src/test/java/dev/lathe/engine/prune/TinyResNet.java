package dev.lathe.engine.prune;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intsAttr;

import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Every dependency channel surgery must follow, in one small graph: Conv→BatchNorm→Relu, a residual Add tying two
 * convs, a Concat of the sum with a third conv, a strided conv, Flatten→Gemm (each channel a block of 16 features),
 * and a last Gemm whose outputs are the classes. {@link #build} can zero chosen channels so that removing them
 * must not change the outputs.
 */
final class TinyResNet {
    static final long[] INPUT = {2, 3, 8, 8};

    private TinyResNet() {
    }

    /** Zeroes whole channels: "conv1/conv2" (tied), "conv3", "conv4", "fc1", each with the given indices. */
    record Zeroed(Set<Integer> residual, Set<Integer> conv3, Set<Integer> conv4, Set<Integer> fc1) {
        static final Zeroed NONE = new Zeroed(Set.of(), Set.of(), Set.of(), Set.of());
    }

    static OnnxModel build(long seed, Zeroed zero) {
        Random r = new Random(seed);
        OnnxGraphBuilder b = new OnnxGraphBuilder("tiny-resnet")
                .input("image", ElementType.FLOAT, List.of("batch", 3, 8, 8))
                .output("logits", ElementType.FLOAT, List.of("batch", 5))
                .initializer("conv1.w", filters(r, 8, 27, zero.residual()), 8, 3, 3, 3)
                .initializer("conv1.b", bias(r, 8, zero.residual()), 8)
                .initializer("bn1.scale", bias(r, 8, zero.residual(), 1f), 8)
                .initializer("bn1.b", bias(r, 8, zero.residual()), 8)
                .initializer("bn1.mean", bias(r, 8, Set.of()), 8)
                .initializer("bn1.var", bias(r, 8, Set.of(), 2f), 8)
                .initializer("conv2.w", filters(r, 8, 72, zero.residual()), 8, 8, 3, 3)
                .initializer("conv2.b", bias(r, 8, zero.residual()), 8)
                .initializer("conv3.w", filters(r, 4, 72, zero.conv3()), 4, 8, 3, 3)
                .initializer("conv3.b", bias(r, 4, zero.conv3()), 4)
                .initializer("conv4.w", filters(r, 6, 108, zero.conv4()), 6, 12, 3, 3)
                .initializer("conv4.b", bias(r, 6, zero.conv4()), 6)
                .initializer("fc1.w", filters(r, 10, 96, zero.fc1()), 10, 96)
                .initializer("fc1.b", bias(r, 10, zero.fc1()), 10)
                .initializer("fc2.w", filters(r, 10, 5, Set.of()), 10, 5)
                .initializer("fc2.b", bias(r, 5, Set.of()), 5);
        return new OnnxModel(b
                .node("Conv", List.of("image", "conv1.w", "conv1.b"), List.of("c1"), "conv1",
                        intsAttr("pads", 1, 1, 1, 1))
                .node("BatchNormalization", List.of("c1", "bn1.scale", "bn1.b", "bn1.mean", "bn1.var"),
                        List.of("n1"), "bn1")
                .node("Relu", List.of("n1"), List.of("a1"), "relu1")
                .node("Conv", List.of("a1", "conv2.w", "conv2.b"), List.of("c2"), "conv2",
                        intsAttr("pads", 1, 1, 1, 1))
                .node("Add", List.of("c2", "a1"), List.of("res"), "residual")
                .node("Conv", List.of("res", "conv3.w", "conv3.b"), List.of("c3"), "conv3",
                        intsAttr("pads", 1, 1, 1, 1))
                .node("Relu", List.of("c3"), List.of("a3"), "relu3")
                .node("Concat", List.of("res", "a3"), List.of("cat"), "concat", intAttr("axis", 1))
                .node("Conv", List.of("cat", "conv4.w", "conv4.b"), List.of("c4"), "conv4",
                        intsAttr("pads", 1, 1, 1, 1), intsAttr("strides", 2, 2))
                .node("Relu", List.of("c4"), List.of("a4"), "relu4")
                .node("Flatten", List.of("a4"), List.of("flat"), "flatten", intAttr("axis", 1))
                .node("Gemm", List.of("flat", "fc1.w", "fc1.b"), List.of("h"), "fc1", intAttr("transB", 1))
                .node("Relu", List.of("h"), List.of("ah"), "relu5")
                .node("Gemm", List.of("ah", "fc2.w", "fc2.b"), List.of("logits"), "fc2")
                .build());
    }

    /** {@code rows} filters of {@code size} weights each (the first axis), zero where asked. */
    private static float[] filters(Random r, int rows, int size, Set<Integer> zero) {
        float[] w = new float[rows * size];
        for (int i = 0; i < w.length; i++) {
            w[i] = zero.contains(i / size) ? 0f : (float) (r.nextGaussian() / Math.sqrt(size));
        }
        return w;
    }

    private static float[] bias(Random r, int n, Set<Integer> zero) {
        return bias(r, n, zero, 0f);
    }

    private static float[] bias(Random r, int n, Set<Integer> zero, float shift) {
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            b[i] = zero.contains(i) ? 0f : shift + (float) Math.abs(r.nextGaussian() * 0.2);
        }
        return b;
    }
}
