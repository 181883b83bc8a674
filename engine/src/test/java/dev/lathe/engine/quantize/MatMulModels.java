package dev.lathe.engine.quantize;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intsAttr;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

/** MatMul-heavy models with seeded random weights, built the way exporters lay them out. */
final class MatMulModels {
    private MatMulModels() {
    }

    /** A wide MLP 784→1024→1024→10 (MatMul + Add + Relu), weights as initializers or as Constant nodes. */
    static OnnxModel mlp(long seed, boolean weightsAsConstants) {
        Random random = new Random(seed);
        OnnxGraphBuilder b = new OnnxGraphBuilder("mlp")
                .input("x", ElementType.FLOAT, List.of("batch", 784))
                .output("logits", ElementType.FLOAT, List.of("batch", 10));
        int[] widths = {784, 1024, 1024, 10};
        String x = "x";
        for (int layer = 0; layer < 3; layer++) {
            String w = "fc" + layer + ".weight";
            float[] weight = gaussian(random, widths[layer] * widths[layer + 1], Math.sqrt(2.0 / widths[layer]));
            if (weightsAsConstants) {
                b.node("Constant", List.of(), List.of(w), "const_" + w, tensorAttr(weight, widths[layer],
                        widths[layer + 1]));
            } else {
                b.initializer(w, weight, widths[layer], widths[layer + 1]);
            }
            b.initializer("fc" + layer + ".bias", gaussian(random, widths[layer + 1], 0.1), widths[layer + 1]);
            b.node("MatMul", List.of(x, w), List.of("mm" + layer), "/fc" + layer + "/MatMul");
            String out = layer == 2 ? "logits" : "pre" + layer;
            b.node("Add", List.of("mm" + layer, "fc" + layer + ".bias"), List.of(out), "/fc" + layer + "/Add");
            if (layer < 2) {
                b.node("Relu", List.of(out), List.of("h" + layer), "/relu" + layer);
                x = "h" + layer;
            }
        }
        return new OnnxModel(b.build());
    }

    /**
     * One transformer encoder block over [batch, 16, 64]: LayerNorm, attention whose query and key projections
     * share one weight, Softmax, output projection and a residual Add.
     */
    static OnnxModel encoderBlock(long seed) {
        Random random = new Random(seed);
        int d = 64;
        double std = Math.sqrt(1.0 / d);
        OnnxGraphBuilder b = new OnnxGraphBuilder("encoder")
                .input("tokens", ElementType.FLOAT, List.of("batch", 16, d))
                .output("encoded", ElementType.FLOAT, List.of("batch", 16, d))
                .initializer("ln.scale", ones(d), d).initializer("ln.bias", new float[d], d)
                .initializer("qk.weight", gaussian(random, d * d, std), d, d)
                .initializer("v.weight", gaussian(random, d * d, std), d, d)
                .initializer("out.weight", gaussian(random, d * d, std), d, d)
                .initializer("out.bias", gaussian(random, d, 0.1), d)
                .node("LayerNormalization", List.of("tokens", "ln.scale", "ln.bias"), List.of("normed"), "/ln",
                        intAttr("axis", -1))
                .node("MatMul", List.of("normed", "qk.weight"), List.of("q"), "/attn/q/MatMul")
                .node("MatMul", List.of("normed", "qk.weight"), List.of("k"), "/attn/k/MatMul")
                .node("MatMul", List.of("normed", "v.weight"), List.of("v"), "/attn/v/MatMul")
                .node("Transpose", List.of("k"), List.of("kt"), "/attn/kT", intsAttr("perm", 0, 2, 1))
                .node("MatMul", List.of("q", "kt"), List.of("scores"), "/attn/scores")
                .node("Softmax", List.of("scores"), List.of("weights"), "/attn/softmax", intAttr("axis", -1))
                .node("MatMul", List.of("weights", "v"), List.of("context"), "/attn/context")
                .node("MatMul", List.of("context", "out.weight"), List.of("projected"),
                        "/attn/out/MatMul")
                .node("Add", List.of("projected", "out.bias"), List.of("biased"), "/attn/out/Add")
                .node("Add", List.of("biased", "tokens"), List.of("encoded"), "/residual");
        return new OnnxModel(b.build());
    }

    /**
     * A BERT-style front end over [batch, 16] int64 token ids and an attention mask: embedding Gather, a projection
     * MatMul, and the mask multiplied in, as exporters of sentence encoders lay them out.
     */
    static OnnxModel tokenEncoder(long seed) {
        return tokenEncoder(seed, 50);
    }

    /** The same front end over a vocabulary of {@code vocab} tokens (an embedding table of vocab × 32 floats). */
    static OnnxModel tokenEncoder(long seed, int vocab) {
        Random random = new Random(seed);
        int d = 32;
        return new OnnxModel(new OnnxGraphBuilder("tokens")
                .input("input_ids", ElementType.INT64, List.of("batch", "sequence"))
                .input("attention_mask", ElementType.INT64, List.of("batch", "sequence"))
                .output("encoded", ElementType.FLOAT, List.of("batch", "sequence", d))
                .initializer("embeddings", gaussian(random, vocab * d, 1.0), vocab, d)
                .initializer("proj.weight", gaussian(random, d * d, Math.sqrt(1.0 / d)), d, d)
                .initializer("axes", new long[] {2}, 1)
                .node("Gather", List.of("embeddings", "input_ids"), List.of("embedded"), "/embeddings/Gather",
                        intAttr("axis", 0))
                .node("MatMul", List.of("embedded", "proj.weight"), List.of("projected"), "/proj/MatMul")
                .node("Cast", List.of("attention_mask"), List.of("mask_f"), "/mask/Cast", intAttr("to", 1))
                .node("Unsqueeze", List.of("mask_f", "axes"), List.of("mask_3d"), "/mask/Unsqueeze")
                .node("Mul", List.of("projected", "mask_3d"), List.of("encoded"), "/mask/Mul")
                .build());
    }

    static float[] gaussian(Random random, int n, double std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }

    private static float[] ones(int n) {
        float[] values = new float[n];
        java.util.Arrays.fill(values, 1f);
        return values;
    }

    private static OnnxMl.AttributeProto tensorAttr(float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder()
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(bytes.array()));
        for (long dim : dims) {
            t.addDims(dim);
        }
        return OnnxMl.AttributeProto.newBuilder().setName("value").setType(OnnxMl.AttributeProto.AttributeType.TENSOR)
                .setT(t).build();
    }
}
