package dev.lathe.engine.train;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.floatAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intsAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.stringAttr;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import com.google.protobuf.ByteString;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

/**
 * One small graph that uses every operator the bridge translates, with the attributes that trip converters:
 * BatchNorm left unfolded, grouped and dilated Conv, "same" auto-padding with stride 2, MaxPool with uneven pads,
 * AveragePool that does not count padding, residual Add, Concat, Reshape with 0 and -1, Gemm with transB and with
 * alpha/beta, a weight held in a Constant node, Dropout and Softmax.
 */
final class OpZoo {
    static final long[] INPUT = {4, 3, 9, 9};

    private OpZoo() {
    }

    /** {@code firstOutput} is "logits" or "probs"; both are outputs, and tests compare the first. */
    static OnnxModel build(long seed, String firstOutput) {
        Random r = new Random(seed);
        OnnxGraphBuilder b = new OnnxGraphBuilder("zoo").input("image", ElementType.FLOAT, List.of("batch", 3, 9, 9));
        String second = firstOutput.equals("logits") ? "probs" : "logits";
        b.output(firstOutput, ElementType.FLOAT, List.of("batch", 5)).output(second, ElementType.FLOAT, List.of("batch", 5))
                .initializer("c1.w", gaussian(r, 8 * 3 * 9, 0.3), 8, 3, 3, 3)
                .initializer("c1.b", gaussian(r, 8, 0.1), 8)
                .initializer("bn.scale", shifted(gaussian(r, 8, 0.1), 1), 8)
                .initializer("bn.b", gaussian(r, 8, 0.1), 8)
                .initializer("bn.mean", gaussian(r, 8, 0.1), 8)
                .initializer("bn.var", shifted(abs(gaussian(r, 8, 0.2)), 0.5f), 8)
                .initializer("c2.w", gaussian(r, 8 * 4 * 9, 0.2), 8, 4, 3, 3)
                .initializer("c3.w", gaussian(r, 4 * 8, 0.3), 4, 8, 1, 1)
                .initializer("c3.b", gaussian(r, 4, 0.1), 4)
                .initializer("clip.min", new float[] {0f}).initializer("clip.max", new float[] {0.8f})
                .initializer("c4.w", gaussian(r, 8 * 12 * 9, 0.1), 8, 12, 3, 3)
                .initializer("shape", new long[] {0, -1}, 2)
                .initializer("fc1.w", gaussian(r, 6 * 72, 0.1), 6, 72)
                .initializer("fc1.b", gaussian(r, 6, 0.1), 6)
                .initializer("fc2.w", gaussian(r, 8 * 6, 0.3), 8, 6)
                .initializer("fc2.b", gaussian(r, 6, 0.1), 6)
                .initializer("ratio", new float[] {0.3f})
                .initializer("out.b", gaussian(r, 5, 0.1), 5);
        return new OnnxModel(b
                .node("Conv", List.of("image", "c1.w", "c1.b"), List.of("c1"), "conv1", intsAttr("pads", 1, 1, 1, 1))
                .node("BatchNormalization", List.of("c1", "bn.scale", "bn.b", "bn.mean", "bn.var"), List.of("n1"),
                        "bn", floatAttr("epsilon", 1e-3f), floatAttr("momentum", 0.8f))
                .node("LeakyRelu", List.of("n1"), List.of("a1"), "leaky", floatAttr("alpha", 0.1f))
                .node("Conv", List.of("a1", "c2.w"), List.of("c2"), "conv2", intAttr("group", 2),
                        intsAttr("dilations", 2, 2), intsAttr("pads", 2, 2, 2, 2))
                .node("HardSwish", List.of("c2"), List.of("a2"), "hardswish")
                .node("Add", List.of("a1", "a2"), List.of("res"), "residual")
                .node("Conv", List.of("res", "c3.w", "c3.b"), List.of("c3"), "conv3")
                .node("Tanh", List.of("c3"), List.of("a3"), "tanh")
                .node("Concat", List.of("res", "a3"), List.of("cat"), "concat", intAttr("axis", 1))
                .node("MaxPool", List.of("cat"), List.of("mp"), "maxpool", intsAttr("kernel_shape", 2, 2),
                        intsAttr("strides", 2, 2), intsAttr("pads", 0, 0, 1, 1))
                .node("AveragePool", List.of("mp"), List.of("ap"), "avgpool", intsAttr("kernel_shape", 3, 3),
                        intsAttr("pads", 1, 1, 1, 1))
                .node("Clip", List.of("ap", "clip.min", "clip.max"), List.of("clipped"), "clip")
                .node("Conv", List.of("clipped", "c4.w"), List.of("c4"), "conv4", intsAttr("strides", 2, 2),
                        stringAttr("auto_pad", "SAME_UPPER"))
                .node("Sigmoid", List.of("c4"), List.of("a4"), "sigmoid")
                .node("Reshape", List.of("a4", "shape"), List.of("flat1"), "reshape")
                .node("Gemm", List.of("flat1", "fc1.w", "fc1.b"), List.of("g1"), "fc1", intAttr("transB", 1))
                .node("GlobalAveragePool", List.of("a4"), List.of("gap"), "gap")
                .node("Flatten", List.of("gap"), List.of("flat2"), "flatten", intAttr("axis", 1))
                .node("Gemm", List.of("flat2", "fc2.w", "fc2.b"), List.of("g2"), "fc2", floatAttr("alpha", 0.5f),
                        floatAttr("beta", 2f))
                .node("Add", List.of("g1", "g2"), List.of("g"), "sum")
                .node("Dropout", List.of("g", "ratio"), List.of("d"), "dropout")
                .node("Constant", List.of(), List.of("out.w"), "out.w", tensor("value", gaussian(r, 6 * 5, 0.4), 6, 5))
                .node("MatMul", List.of("d", "out.w"), List.of("mm"), "out")
                .node("Add", List.of("mm", "out.b"), List.of("logits"), "out.bias")
                .node("Softmax", List.of("logits"), List.of("probs"), "softmax", intAttr("axis", 1))
                .build());
    }

    static float[] input(long seed) {
        return gaussian(new Random(seed), (int) (INPUT[0] * INPUT[1] * INPUT[2] * INPUT[3]), 1.0);
    }

    private static AttributeProto tensor(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(t).build();
    }

    static float[] gaussian(Random r, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return v;
    }

    private static float[] shifted(float[] v, float by) {
        for (int i = 0; i < v.length; i++) {
            v[i] += by;
        }
        return v;
    }

    private static float[] abs(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]);
        }
        return v;
    }
}
