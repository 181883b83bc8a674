package dev.lathe.engine.export.pte;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.floatAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intsAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.stringAttr;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/** One small ONNX model per supported op: input {@code x} of a fixed shape, output {@code y}, seeded weights. */
public final class OpModels {
    private OpModels() {
    }

    public record OpModel(String name, long[] inputShape, OnnxMl.ModelProto proto) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static List<OpModel> all() {
        List<OpModel> m = new ArrayList<>();
        m.add(single("Conv (stride 2, pads 1, 2 groups, bias)", 17, new long[] {1, 4, 9, 9}, g -> g
                .initializer("w", random(6 * 2 * 3 * 3, 1), 6, 2, 3, 3).initializer("b", random(6, 2), 6)
                .node("Conv", List.of("x", "w", "b"), List.of("y"), "conv", intsAttr("pads", 1, 1, 1, 1),
                        intsAttr("strides", 2, 2), intAttr("group", 2))));
        m.add(single("Conv (dilation 2, no bias)", 17, new long[] {2, 3, 10, 10}, g -> g
                .initializer("w", random(5 * 3 * 3 * 3, 3), 5, 3, 3, 3)
                .node("Conv", List.of("x", "w"), List.of("y"), "conv", intsAttr("dilations", 2, 2))));
        m.add(single("ConvTranspose (stride 2, output_padding 1)", 17, new long[] {1, 3, 5, 5}, g -> g
                .initializer("w", random(3 * 2 * 3 * 3, 4), 3, 2, 3, 3).initializer("b", random(2, 5), 2)
                .node("ConvTranspose", List.of("x", "w", "b"), List.of("y"), "deconv", intsAttr("strides", 2, 2),
                        intsAttr("pads", 1, 1, 1, 1), intsAttr("output_padding", 1, 1))));
        m.add(single("Gemm (alpha, beta, transB)", 17, new long[] {3, 5}, g -> g
                .initializer("w", random(4 * 5, 6), 4, 5).initializer("c", random(4, 7), 4)
                .node("Gemm", List.of("x", "w", "c"), List.of("y"), "gemm", floatAttr("alpha", 0.5f),
                        floatAttr("beta", 2f), intAttr("transB", 1))));
        m.add(single("Gemm (no bias)", 17, new long[] {3, 5}, g -> g.initializer("w", random(5 * 4, 8), 5, 4)
                .node("Gemm", List.of("x", "w"), List.of("y"), "gemm")));
        m.add(single("Gemm (transA, activation B)", 17, new long[] {5, 5}, g -> g
                .node("Gemm", List.of("x", "x"), List.of("y"), "gemm", intAttr("transA", 1))));
        m.add(single("MatMul 2-D", 17, new long[] {3, 5}, g -> g.initializer("w", random(5 * 4, 9), 5, 4)
                .node("MatMul", List.of("x", "w"), List.of("y"), "matmul")));
        m.add(single("MatMul batched 3-D", 17, new long[] {2, 3, 5}, g -> g
                .initializer("w", random(2 * 5 * 4, 10), 2, 5, 4)
                .node("MatMul", List.of("x", "w"), List.of("y"), "matmul")));
        m.add(single("MatMul N-D by 2-D", 17, new long[] {2, 3, 5}, g -> g.initializer("w", random(5 * 4, 11), 5, 4)
                .node("MatMul", List.of("x", "w"), List.of("y"), "matmul")));
        for (String op : List.of("Add", "Sub", "Mul", "Max")) {
            m.add(single(op + " (broadcast constant)", 17, new long[] {2, 4, 3, 3}, g -> g
                    .initializer("c", random(4, 12), 1, 4, 1, 1).node(op, List.of("x", "c"), List.of("y"), "op")));
        }
        m.add(single("Div (by a constant away from 0)", 17, new long[] {2, 4}, g -> g
                .initializer("c", new float[] {1.5f, -2f, 3f, 0.75f}, 4)
                .node("Div", List.of("x", "c"), List.of("y"), "div")));
        m.add(single("Add (two activations)", 17, new long[] {2, 3}, g -> g
                .node("Sigmoid", List.of("x"), List.of("s"), "sig")
                .node("Add", List.of("x", "s"), List.of("y"), "add")));
        for (String op : List.of("Relu", "Sigmoid", "Tanh", "Erf", "HardSwish", "Identity")) {
            m.add(single(op, 17, new long[] {2, 3, 4}, g -> g.node(op, List.of("x"), List.of("y"), "op")));
        }
        m.add(single("LeakyRelu", 17, new long[] {2, 6}, g -> g
                .node("LeakyRelu", List.of("x"), List.of("y"), "op", floatAttr("alpha", 0.1f))));
        m.add(single("HardSigmoid", 17, new long[] {2, 6}, g -> g
                .node("HardSigmoid", List.of("x"), List.of("y"), "op", floatAttr("alpha", 0.3f),
                        floatAttr("beta", 0.4f))));
        m.add(single("Clip (min and max inputs)", 17, new long[] {2, 6}, g -> g
                .initializer("lo", new float[] {-0.5f}).initializer("hi", new float[] {0.7f})
                .node("Clip", List.of("x", "lo", "hi"), List.of("y"), "clip")));
        m.add(single("Gelu (opset 20, tanh)", 20, new long[] {2, 6}, g -> g
                .node("Gelu", List.of("x"), List.of("y"), "gelu", stringAttr("approximate", "tanh"))));
        m.add(single("Softmax (last axis)", 17, new long[] {2, 3, 7}, g -> g
                .node("Softmax", List.of("x"), List.of("y"), "softmax")));
        m.add(single("LayerNormalization", 17, new long[] {2, 3, 8}, g -> g
                .initializer("s", random(8, 13), 8).initializer("b", random(8, 14), 8)
                .node("LayerNormalization", List.of("x", "s", "b"), List.of("y"), "ln", floatAttr("epsilon", 1e-5f))));
        m.add(single("BatchNormalization", 17, new long[] {2, 3, 4, 4}, g -> g
                .initializer("s", random(3, 15), 3).initializer("b", random(3, 16), 3)
                .initializer("m", random(3, 17), 3).initializer("v", new float[] {0.5f, 1.5f, 2f}, 3)
                .node("BatchNormalization", List.of("x", "s", "b", "m", "v"), List.of("y"), "bn")));
        m.add(single("MaxPool (3×3, stride 2, pads 1, ceil)", 17, new long[] {1, 2, 8, 8}, g -> g
                .node("MaxPool", List.of("x"), List.of("y"), "pool", intsAttr("kernel_shape", 3, 3),
                        intsAttr("strides", 2, 2), intsAttr("pads", 1, 1, 1, 1), intAttr("ceil_mode", 1))));
        m.add(single("AveragePool (pads excluded)", 17, new long[] {1, 2, 7, 7}, g -> g
                .node("AveragePool", List.of("x"), List.of("y"), "pool", intsAttr("kernel_shape", 3, 3),
                        intsAttr("strides", 2, 2), intsAttr("pads", 1, 1, 1, 1))));
        m.add(single("GlobalAveragePool", 17, new long[] {2, 3, 5, 5}, g -> g
                .node("GlobalAveragePool", List.of("x"), List.of("y"), "gap")));
        m.add(single("ReduceMean (axis 1, keepdims 0)", 17, new long[] {2, 3, 4}, g -> g
                .node("ReduceMean", List.of("x"), List.of("y"), "mean", intsAttr("axes", 1), intAttr("keepdims", 0))));
        m.add(single("Flatten (axis 2)", 17, new long[] {2, 3, 4, 5}, g -> g
                .node("Flatten", List.of("x"), List.of("y"), "flatten", intAttr("axis", 2))));
        m.add(single("Reshape (0 and -1)", 17, new long[] {2, 3, 4}, g -> g
                .initializer("shape", new long[] {0, -1, 2}, 3)
                .node("Reshape", List.of("x", "shape"), List.of("y"), "reshape")));
        m.add(single("Transpose", 17, new long[] {2, 3, 4}, g -> g
                .node("Transpose", List.of("x"), List.of("y"), "t", intsAttr("perm", 2, 0, 1))));
        m.add(single("Concat (with a constant)", 17, new long[] {2, 3}, g -> g.initializer("c", random(2 * 2, 18), 2, 2)
                .node("Concat", List.of("x", "c"), List.of("y"), "cat", intAttr("axis", 1))));
        m.add(single("Unsqueeze then Squeeze", 17, new long[] {2, 3}, g -> g
                .initializer("a", new long[] {0, 3}, 2).initializer("s", new long[] {0}, 1)
                .node("Unsqueeze", List.of("x", "a"), List.of("u"), "unsqueeze")
                .node("Squeeze", List.of("u", "s"), List.of("y"), "squeeze")));
        m.add(single("Pad (constant 0.25)", 17, new long[] {1, 2, 3, 3}, g -> g
                .initializer("p", new long[] {0, 0, 1, 2, 0, 0, 2, 1}, 8).initializer("v", new float[] {0.25f})
                .node("Pad", List.of("x", "p", "v"), List.of("y"), "pad")));
        m.add(single("Reshape to a shape computed by Shape, Gather, Cast, Concat", 17, new long[] {2, 3, 4}, g -> g
                .initializer("i", new long[] {0}, 1).initializer("minus", new long[] {-1}, 1)
                .node("Shape", List.of("x"), List.of("s"), "shape")
                .node("Gather", List.of("s", "i"), List.of("b"), "gather", intAttr("axis", 0))
                .node("Cast", List.of("b"), List.of("c"), "cast", intAttr("to", 7))
                .node("Concat", List.of("c", "minus"), List.of("t"), "concat", intAttr("axis", 0))
                .node("Reshape", List.of("x", "t"), List.of("y"), "reshape")));
        m.add(single("Reshape to a shape computed by Shape, Slice, Concat", 17, new long[] {2, 3, 4}, g -> g
                .initializer("from", new long[] {1}, 1).initializer("to", new long[] {2}, 1)
                .initializer("minus", new long[] {-1}, 1)
                .node("Shape", List.of("x"), List.of("s"), "shape")
                .node("Slice", List.of("s", "from", "to"), List.of("b"), "slice")
                .node("Concat", List.of("minus", "b"), List.of("t"), "concat", intAttr("axis", 0))
                .node("Reshape", List.of("x", "t"), List.of("y"), "reshape")));
        m.addAll(indexing());
        m.add(single("Constant node", 17, new long[] {2, 2}, g -> {
            OnnxMl.TensorProto value = OnnxMl.TensorProto.newBuilder().setDataType(1).addDims(2)
                    .addFloatData(3f).addFloatData(-1f).build();
            g.node("Constant", List.of(), List.of("k"), "k", AttributeProto.newBuilder().setName("value")
                    .setType(AttributeProto.AttributeType.TENSOR).setT(value).build())
                    .node("Mul", List.of("x", "k"), List.of("y"), "mul");
        }));
        return m;
    }

    /** Resize, Slice, Gather, Cast, ConstantOfShape, Pow and Sqrt (issue 14, the transformer and detector ops). */
    static List<OpModel> indexing() {
        List<OpModel> m = new ArrayList<>();
        m.add(single("Resize nearest 2× (scales, half_pixel, round_prefer_floor)", 13, new long[] {1, 2, 3, 4}, g -> g
                .initializer("scales", new float[] {1, 1, 2, 2}, 4)
                .node("Resize", List.of("x", "", "scales"), List.of("y"), "resize", stringAttr("mode", "nearest"))));
        m.add(single("Resize nearest to sizes (asymmetric, floor, 3× and 1.5×)", 13, new long[] {1, 2, 3, 4}, g -> g
                .initializer("sizes", new long[] {1, 2, 9, 6}, 4)
                .node("Resize", List.of("x", "", "", "sizes"), List.of("y"), "resize",
                        stringAttr("coordinate_transformation_mode", "asymmetric"),
                        stringAttr("nearest_mode", "floor"))));
        m.add(single("Resize nearest 4× (opset 11, empty roi and scales, sizes)", 11, new long[] {1, 1, 2, 3}, g -> g
                .initializer("roi", new float[0], 0).initializer("scales", new float[0], 0)
                .initializer("sizes", new long[] {1, 1, 8, 12}, 4)
                .node("Resize", List.of("x", "roi", "scales", "sizes"), List.of("y"), "resize",
                        stringAttr("coordinate_transformation_mode", "pytorch_half_pixel"))));
        m.add(single("MatMul batched 4-D (attention's shape)", 13, new long[] {2, 3, 4, 5}, g -> g
                .initializer("w", random(2 * 3 * 5 * 4, 20), 2, 3, 5, 4)
                .node("MatMul", List.of("x", "w"), List.of("y"), "matmul")));
        m.add(single("Slice (two axes, negative start, end past the axis, step 2)", 13, new long[] {2, 5, 6}, g -> g
                .initializer("starts", new long[] {-4, 1}, 2).initializer("ends", new long[] {Long.MAX_VALUE, 6}, 2)
                .initializer("axes", new long[] {1, 2}, 2).initializer("steps", new long[] {1, 2}, 2)
                .node("Slice", List.of("x", "starts", "ends", "axes", "steps"), List.of("y"), "slice")));
        m.add(single("Slice (opset 9 attributes, last axis)", 9, new long[] {2, 3, 8}, g -> g
                .node("Slice", List.of("x"), List.of("y"), "slice", intsAttr("starts", 2), intsAttr("ends", -1),
                        intsAttr("axes", -1))));
        m.add(single("Gather (axis 1, 2-D indices with a negative one)", 13, new long[] {2, 5, 3}, g -> g
                .initializer("i", new long[] {0, -1, 2, 2}, 2, 2)
                .node("Gather", List.of("x", "i"), List.of("y"), "gather", intAttr("axis", 1))));
        m.add(single("Gather (scalar index, axis 0)", 13, new long[] {3, 4}, g -> g
                .initializer("i", new long[] {2})
                .node("Gather", List.of("x", "i"), List.of("y"), "gather")));
        m.add(single("Gather rows of a float table, concatenated to the input", 13, new long[] {3, 4}, g -> g
                .initializer("table", random(6 * 4, 19), 6, 4).initializer("i", new long[] {5, 0, 3}, 3)
                .node("Gather", List.of("table", "i"), List.of("rows"), "gather")
                .node("Concat", List.of("x", "rows"), List.of("y"), "cat", intAttr("axis", 0))));
        m.add(single("Cast (float to float)", 13, new long[] {2, 3}, g -> g
                .node("Cast", List.of("x"), List.of("y"), "cast", intAttr("to", 1))));
        m.add(single("ConstantOfShape (0.5) concatenated to the input", 13, new long[] {2, 3}, g -> g
                .initializer("shape", new long[] {2, 3}, 2)
                .node("ConstantOfShape", List.of("shape"), List.of("half"), "fill", AttributeProto.newBuilder()
                        .setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(OnnxMl.TensorProto
                                .newBuilder().setDataType(1).addDims(1).addFloatData(0.5f)).build())
                .node("Concat", List.of("x", "half"), List.of("y"), "cat", intAttr("axis", 1))));
        m.add(single("Pow (constant exponent 2)", 13, new long[] {2, 3, 4}, g -> g
                .initializer("two", new float[] {2f})
                .node("Pow", List.of("x", "two"), List.of("y"), "pow")));
        m.add(single("Pow (tensor exponent of whole numbers)", 13, new long[] {2, 4}, g -> g
                .initializer("e", new float[] {1f, 2f, 3f, 0f}, 4)
                .node("Pow", List.of("x", "e"), List.of("y"), "pow")));
        m.add(single("Sqrt (of x·x)", 13, new long[] {2, 3, 4}, g -> g
                .node("Mul", List.of("x", "x"), List.of("sq"), "square")
                .node("Sqrt", List.of("sq"), List.of("y"), "sqrt")));
        return m;
    }

    public static OpModel single(String name, int opset, long[] shape, Consumer<OnnxGraphBuilder> body) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("op").opset(opset)
                .input("x", ElementType.FLOAT, Arrays.stream(shape).boxed().toList())
                .output("y", ElementType.FLOAT, List.of());
        body.accept(g);
        OnnxMl.ModelProto.Builder proto = g.build().toBuilder();
        // The output's rank differs by case; leaving its shape out lets ONNX Runtime infer it.
        proto.getGraphBuilder().getOutputBuilder(0).getTypeBuilder().getTensorTypeBuilder().clearShape();
        return new OpModel(name, shape, proto.build());
    }

    public static float[] random(int count, long seed) {
        Random r = new Random(seed);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }
}
