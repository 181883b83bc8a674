package dev.lathe.engine.quantize;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intsAttr;

import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.List;
import java.util.Random;

/**
 * A small residual CNN as training frameworks export it before BatchNorm folding: Conv→BatchNorm→Relu,
 * Conv→BatchNorm→Clip(0, 6), a residual Add, global average pooling, Flatten and a transB Gemm.
 */
final class ResidualCnn {
    private ResidualCnn() {
    }

    static OnnxModel build(long seed) {
        Random r = new Random(seed);
        OnnxGraphBuilder b = new OnnxGraphBuilder("residual")
                .input("image", ElementType.FLOAT, List.of("batch", 3, 16, 16))
                .output("scores", ElementType.FLOAT, List.of("batch", 4))
                .initializer("conv1.w", MatMulModels.gaussian(r, 8 * 3 * 9, 0.3), 8, 3, 3, 3)
                .initializer("conv2.w", MatMulModels.gaussian(r, 8 * 8 * 9, 0.15), 8, 8, 3, 3)
                .initializer("conv2.b", MatMulModels.gaussian(r, 8, 0.1), 8)
                .initializer("clip.min", new float[] {0f}).initializer("clip.max", new float[] {6f})
                .initializer("fc.w", MatMulModels.gaussian(r, 4 * 8, 0.5), 4, 8)
                .initializer("fc.b", MatMulModels.gaussian(r, 4, 0.1), 4);
        batchNorm(b, r, "bn1");
        batchNorm(b, r, "bn2");
        return new OnnxModel(b
                .node("Conv", List.of("image", "conv1.w"), List.of("c1"), "/block/conv1", intsAttr("pads", 1, 1, 1, 1))
                .node("BatchNormalization", List.of("c1", "bn1.scale", "bn1.b", "bn1.mean", "bn1.var"),
                        List.of("n1"), "/block/bn1")
                .node("Relu", List.of("n1"), List.of("a1"), "/block/relu1")
                .node("Conv", List.of("a1", "conv2.w", "conv2.b"), List.of("c2"), "/block/conv2",
                        intsAttr("pads", 1, 1, 1, 1))
                .node("BatchNormalization", List.of("c2", "bn2.scale", "bn2.b", "bn2.mean", "bn2.var"),
                        List.of("n2"), "/block/bn2")
                .node("Clip", List.of("n2", "clip.min", "clip.max"), List.of("a2"), "/block/clip")
                .node("Add", List.of("a2", "a1"), List.of("sum"), "/block/residual")
                .node("GlobalAveragePool", List.of("sum"), List.of("pooled"), "/pool")
                .node("Flatten", List.of("pooled"), List.of("flat"), "/flatten", intAttr("axis", 1))
                .node("Gemm", List.of("flat", "fc.w", "fc.b"), List.of("scores"), "/fc", intAttr("transB", 1))
                .build());
    }

    private static void batchNorm(OnnxGraphBuilder b, Random r, String name) {
        float[] scale = MatMulModels.gaussian(r, 8, 0.1);
        float[] var = MatMulModels.gaussian(r, 8, 0.1);
        for (int i = 0; i < 8; i++) {
            scale[i] += 1;
            var[i] = 1 + Math.abs(var[i]);
        }
        b.initializer(name + ".scale", scale, 8).initializer(name + ".b", MatMulModels.gaussian(r, 8, 0.1), 8)
                .initializer(name + ".mean", MatMulModels.gaussian(r, 8, 0.1), 8).initializer(name + ".var", var, 8);
    }
}
