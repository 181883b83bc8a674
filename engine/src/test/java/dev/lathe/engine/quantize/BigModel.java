package dev.lathe.engine.quantize;

import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.List;
import java.util.Random;

/** A ~100 MB model (25 M float weights in two MatMul layers) for quantization time and memory. */
final class BigModel {
    private BigModel() {
    }

    static OnnxModel build() {
        Random random = new Random(3);
        OnnxGraphBuilder b = new OnnxGraphBuilder("big")
                .input("x", ElementType.FLOAT, List.of("batch", 4096))
                .output("y", ElementType.FLOAT, List.of("batch", 2048));
        b.initializer("w0", MatMulModels.gaussian(random, 4096 * 4096, 0.02), 4096, 4096);
        b.initializer("w1", MatMulModels.gaussian(random, 4096 * 2048, 0.02), 4096, 2048);
        b.node("MatMul", List.of("x", "w0"), List.of("h"), "/fc0/MatMul")
                .node("Relu", List.of("h"), List.of("r"), "/relu")
                .node("MatMul", List.of("r", "w1"), List.of("y"), "/fc1/MatMul");
        return new OnnxModel(b.build());
    }
}
