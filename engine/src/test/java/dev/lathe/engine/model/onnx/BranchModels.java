package dev.lathe.engine.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import dev.lathe.engine.model.ElementType;
import java.util.List;

/** Models whose weights live in If branches, as Silero VAD's do (one network per sample rate). */
public final class BranchModels {
    private BranchModels() {
    }

    /** y = x·A when {@code sr} is 16000, else x·B; A and B are 8×8 initializers of the two branches. */
    public static OnnxModel ifOverTwoMatMuls() {
        float[] a = new float[64];
        float[] b = new float[64];
        for (int i = 0; i < 64; i++) {
            a[i] = (i % 9 - 4) / 8f;
            b[i] = (i % 7 - 3) / 4f;
        }
        return new OnnxModel(new OnnxGraphBuilder("branches")
                .input("x", ElementType.FLOAT, List.of("batch", 8))
                .input("sr", ElementType.INT64, List.of())
                .output("y", ElementType.FLOAT, List.of("batch", 8))
                .initializer("sixteen_k", new long[] {16000})
                .node("Equal", List.of("sr", "sixteen_k"), List.of("is_16k"), "/equal")
                .node("", "If", List.of("is_16k"), List.of("y"), "/if",
                        graph("then_branch", branch("a", a)), graph("else_branch", branch("b", b)))
                .build());
    }

    private static GraphProto branch(String name, float[] weight) {
        // Declared as an input only to pass the builder's checks: a branch reads x from the enclosing graph.
        return new OnnxGraphBuilder(name)
                .input("x", ElementType.FLOAT, List.of("batch", 8))
                .output(name + "_out", ElementType.FLOAT, List.of("batch", 8))
                .initializer(name + ".weight", weight, 8, 8)
                .node("MatMul", List.of("x", name + ".weight"), List.of(name + "_out"), "/" + name + "/MatMul")
                .build().getGraph().toBuilder().clearInput().build();
    }

    private static AttributeProto graph(String name, GraphProto g) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH).setG(g).build();
    }
}
