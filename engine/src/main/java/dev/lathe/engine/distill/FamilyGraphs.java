package dev.lathe.engine.distill;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.floatAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intsAttr;

import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two student families written as ONNX graphs, with placeholder weights that {@link WeightInit} replaces.
 * MLP: flatten, then Gemm + Relu per hidden width, then Gemm to the classes. CNN: per channel count a 3×3 Conv
 * (padding 1), BatchNorm, Relu and a 2×2 MaxPool (while the image is at least 2 pixels high and wide), then Flatten
 * when at most 4×4 positions remain (keeping where features are, which helps on small images) or
 * GlobalAveragePool otherwise (so large images do not make a huge classifier), then Gemm to the classes.
 */
final class FamilyGraphs {
    static final String INPUT = "input";
    static final String OUTPUT = "logits";
    private static final int FLATTEN_AT_MOST = 16;

    private FamilyGraphs() {
    }

    static OnnxModel mlp(List<Integer> hidden, TeacherShape teacher) {
        OnnxGraphBuilder g = start("mlp-student", teacher);
        long features = Arrays.stream(teacher.exampleShape()).reduce(1, Math::multiplyExact);
        g.node("Flatten", List.of(INPUT), List.of("flat"), "flatten", intAttr("axis", 1));
        String x = "flat";
        for (int i = 0; i < hidden.size(); i++) {
            String fc = "fc" + (i + 1);
            gemm(g, fc, fc, x, features, hidden.get(i));
            g.node("Relu", List.of(fc), List.of(fc + ".relu"), fc + ".relu");
            x = fc + ".relu";
            features = hidden.get(i);
        }
        return finish(g, x, features, teacher);
    }

    static OnnxModel cnn(List<Integer> channels, TeacherShape teacher) {
        OnnxGraphBuilder g = start("cnn-student", teacher);
        long[] chw = teacher.exampleShape();
        long in = chw[0];
        long h = chw[1];
        long w = chw[2];
        String x = INPUT;
        for (int i = 0; i < channels.size(); i++) {
            String conv = "conv" + (i + 1);
            long out = channels.get(i);
            g.initializer(conv + ".weight", new float[(int) (out * in * 9)], out, in, 3, 3);
            g.initializer(conv + ".bias", new float[(int) out], out);
            g.node("Conv", List.of(x, conv + ".weight", conv + ".bias"), List.of(conv), conv,
                    intsAttr("kernel_shape", 3, 3), intsAttr("pads", 1, 1, 1, 1));
            String bn = "bn" + (i + 1);
            for (String p : List.of("scale", "bias", "mean", "var")) {
                g.initializer(bn + "." + p, new float[(int) out], out);
            }
            g.node("BatchNormalization", List.of(conv, bn + ".scale", bn + ".bias", bn + ".mean", bn + ".var"),
                    List.of(bn), bn, floatAttr("epsilon", 1e-5f), floatAttr("momentum", 0.9f));
            g.node("Relu", List.of(bn), List.of(bn + ".relu"), bn + ".relu");
            x = bn + ".relu";
            if (h >= 2 && w >= 2) {
                String pool = "pool" + (i + 1);
                g.node("MaxPool", List.of(x), List.of(pool), pool, intsAttr("kernel_shape", 2, 2),
                        intsAttr("strides", 2, 2));
                x = pool;
                h /= 2;
                w /= 2;
            }
            in = out;
        }
        long features = in;
        if (h * w <= FLATTEN_AT_MOST) {
            features = in * h * w;
        } else {
            g.node("GlobalAveragePool", List.of(x), List.of("gap"), "gap");
            x = "gap";
        }
        g.node("Flatten", List.of(x), List.of("flat"), "flatten", intAttr("axis", 1));
        return finish(g, "flat", features, teacher);
    }

    private static OnnxGraphBuilder start(String name, TeacherShape teacher) {
        List<Object> dims = new ArrayList<>();
        dims.add("batch");
        Arrays.stream(teacher.exampleShape()).forEach(dims::add);
        return new OnnxGraphBuilder(name).producer("lathe", "distill").input(INPUT, ElementType.FLOAT, dims);
    }

    private static OnnxModel finish(OnnxGraphBuilder g, String x, long features, TeacherShape teacher) {
        gemm(g, "classifier", OUTPUT, x, features, teacher.classes());
        g.output(OUTPUT, ElementType.FLOAT, List.of("batch", teacher.classes()));
        return new OnnxModel(g.build());
    }

    private static void gemm(OnnxGraphBuilder g, String name, String output, String x, long in, long out) {
        g.initializer(name + ".weight", new float[Math.toIntExact(out * in)], out, in);
        g.initializer(name + ".bias", new float[(int) out], out);
        g.node("Gemm", List.of(x, name + ".weight", name + ".bias"), List.of(output), name, intAttr("transB", 1));
    }
}
