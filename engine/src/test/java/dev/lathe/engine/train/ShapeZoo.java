package dev.lathe.engine.train;

import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.intsAttr;
import static dev.lathe.engine.model.onnx.OnnxGraphBuilder.stringAttr;

import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.List;
import java.util.Random;

/**
 * Small graphs for the operators that third-party exporters add around the CNN set. {@link #sequence} is a
 * transformer-style block as PyTorch and paddle2onnx write it: embedding tables looked up with input ids and with
 * indices computed from the input's shape, a decomposed LayerNorm (ReduceMean, Pow, Sqrt), an Erf GELU, attention
 * heads through a Reshape whose target is computed from Shape/Gather/Unsqueeze/Concat (so the batch stays open),
 * Transpose, Slice (negative and strided steps from opset 10), Squeeze, a Gather of activations with constant and
 * negative indices, and Casts between int64, int32 and float. {@link #upsampling} covers ConvTranspose (grouped,
 * uneven pads, output padding, and the stride-2 kind of PaddleOCR's detector) and Resize in nearest and linear
 * mode with constant scales and with sizes computed at run time.
 */
final class ShapeZoo {
    static final int TOKENS = 6;
    static final int WIDTH = 8;
    static final int VOCABULARY = 20;
    static final long[] IMAGE = {2, 5, 6};

    private ShapeZoo() {
    }

    /** Inputs "x" (float, batch × 6 × 8) and "ids" (int64, batch × 6); output "logits" (batch × 5). */
    static OnnxModel sequence(long seed, int opset) {
        Random r = new Random(seed);
        boolean modern = opset >= 13;
        int picked = modern ? 2 : 4;
        OnnxGraphBuilder b = new OnnxGraphBuilder("sequence").opset(opset)
                .input("x", ElementType.FLOAT, List.of("batch", TOKENS, WIDTH))
                .input("ids", ElementType.INT64, List.of("batch", TOKENS))
                .output("logits", ElementType.FLOAT, List.of("batch", 5))
                .initializer("word.table", OpZoo.gaussian(r, VOCABULARY * WIDTH, 1), VOCABULARY, WIDTH)
                .initializer("pos.table", OpZoo.gaussian(r, 10 * WIDTH, 1), 10, WIDTH)
                .initializer("pos.ids", new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 10)
                .initializer("ln.gamma", OpZoo.gaussian(r, WIDTH, 0.3), WIDTH)
                .initializer("ln.beta", OpZoo.gaussian(r, WIDTH, 0.3), WIDTH)
                .initializer("proj.w", OpZoo.gaussian(r, 3 * picked * 5, 0.5), 3 * picked, 5)
                .initializer("two", new float[] {2f}).initializer("eps", new float[] {1e-5f})
                .initializer("one", new float[] {1f}).initializer("half", new float[] {0.5f})
                .initializer("sqrt2", new float[] {(float) Math.sqrt(2)})
                .initializer("i0", new long[] {0}).initializer("i1", new long[] {1})
                .initializer("heads", new long[] {2, 4}, 2).initializer("rest", new long[] {-1}, 1)
                .initializer("pick", new long[] {5, 0, -1}, 3)
                .node("Shape", List.of("x"), List.of("xs"), "shape")
                .node("Gather", List.of("xs", "i0"), List.of("b"), "batch")
                .node("Gather", List.of("xs", "i1"), List.of("t"), "tokens");
        unsqueeze(b, modern, "t", "t1");
        if (modern) {
            b.initializer("start0", new long[] {0}, 1).initializer("axis1", new long[] {1}, 1)
                    .node("Slice", List.of("pos.ids", "start0", "t1", "axis1"), List.of("pos"), "positions");
        } else {
            b.node("Slice", List.of("pos.ids"), List.of("pos"), "positions", intsAttr("starts", 0),
                    intsAttr("ends", TOKENS), intsAttr("axes", 1));
        }
        b.node("Gather", List.of("pos.table", "pos"), List.of("pe"), "position.embedding")
                .node("Gather", List.of("word.table", "ids"), List.of("we"), "word.embedding")
                .node("Add", List.of("x", "we"), List.of("h0"), "add.words")
                .node("Add", List.of("h0", "pe"), List.of("h"), "add.positions")
                .node("ReduceMean", List.of("h"), List.of("m"), "ln.mean", intsAttr("axes", -1))
                .node("Sub", List.of("h", "m"), List.of("d"), "ln.centre")
                .node("Pow", List.of("d", "two"), List.of("p"), "ln.square")
                .node("ReduceMean", List.of("p"), List.of("v"), "ln.var", intsAttr("axes", -1))
                .node("Add", List.of("v", "eps"), List.of("ve"), "ln.eps")
                .node("Sqrt", List.of("ve"), List.of("sd"), "ln.std")
                .node("Div", List.of("d", "sd"), List.of("n"), "ln.norm")
                .node("Mul", List.of("n", "ln.gamma"), List.of("ng"), "ln.scale")
                .node("Add", List.of("ng", "ln.beta"), List.of("ln"), "ln.shift")
                .node("Div", List.of("ln", "sqrt2"), List.of("u"), "gelu.div")
                .node("Erf", List.of("u"), List.of("e"), "gelu.erf")
                .node("Add", List.of("e", "one"), List.of("e1"), "gelu.add")
                .node("Mul", List.of("ln", "e1"), List.of("g0"), "gelu.mul")
                .node("Mul", List.of("g0", "half"), List.of("g"), "gelu.half");
        unsqueeze(b, modern, "b", "b1");
        b.node("Concat", List.of("b1", "t1", "heads"), List.of("hs"), "heads.shape", intAttr("axis", 0))
                .node("Reshape", List.of("g", "hs"), List.of("split"), "heads.split")
                .node("Transpose", List.of("split"), List.of("th"), "heads.transpose", intsAttr("perm", 0, 2, 1, 3));
        if (modern) {
            b.initializer("end1", new long[] {1}, 1)
                    .node("Slice", List.of("th", "start0", "end1", "axis1"), List.of("first"), "head0")
                    .node("Squeeze", List.of("first", "axis1"), List.of("head"), "head0.squeeze")
                    .initializer("last", new long[] {-1}, 1).initializer("min", new long[] {Long.MIN_VALUE}, 1)
                    .initializer("back", new long[] {-1}, 1)
                    .node("Slice", List.of("head", "last", "min", "axis1", "back"), List.of("rev"), "reverse")
                    .initializer("axis2", new long[] {2}, 1).initializer("end4", new long[] {4}, 1)
                    .initializer("step2", new long[] {2}, 1)
                    .node("Slice", List.of("rev", "start0", "end4", "axis2", "step2"), List.of("sel"), "every.other");
        } else {
            b.node("Slice", List.of("th"), List.of("first"), "head0", intsAttr("starts", 0), intsAttr("ends", 1),
                            intsAttr("axes", 1))
                    .node("Squeeze", List.of("first"), List.of("sel"), "head0.squeeze", intsAttr("axes", 1));
        }
        b.node("Gather", List.of("sel", "pick"), List.of("rows"), "pick.rows", intAttr("axis", 1))
                .node("Cast", List.of("t"), List.of("tf"), "tokens.float", intAttr("to", 1))
                .node("Sqrt", List.of("tf"), List.of("st"), "tokens.sqrt")
                .node("Div", List.of("rows", "st"), List.of("scaled"), "scale")
                .node("Shape", List.of("scaled"), List.of("ss"), "scaled.shape")
                .node("Cast", List.of("ss"), List.of("ss32"), "shape.int32", intAttr("to", 6));
        // paddle2onnx's batch size: Shape, as int32, first entry, back to int64.
        if (modern) {
            b.node("Slice", List.of("ss32", "start0", "end1"), List.of("lead32"), "shape.lead");
        } else {
            b.node("Slice", List.of("ss32"), List.of("lead32"), "shape.lead", intsAttr("starts", 0),
                    intsAttr("ends", 1), intsAttr("axes", 0));
        }
        return new OnnxModel(b
                .node("Cast", List.of("lead32"), List.of("lead"), "shape.int64", intAttr("to", 7))
                .node("Concat", List.of("lead", "rest"), List.of("flat.shape"), "flat.shape", intAttr("axis", 0))
                .node("Reshape", List.of("scaled", "flat.shape"), List.of("flat"), "flatten")
                .node("MatMul", List.of("flat", "proj.w"), List.of("logits"), "project")
                .build());
    }

    /** Input "image" (float, batch × 2 × 5 × 6); output "logits" (batch × 22). Opset 13, so Resize inputs are optional. */
    static OnnxModel upsampling(long seed) {
        Random r = new Random(seed);
        OnnxGraphBuilder b = new OnnxGraphBuilder("upsampling").opset(13)
                .input("image", ElementType.FLOAT, List.of("batch", 2, 5, 6))
                .output("logits", ElementType.FLOAT, List.of("batch", 22))
                .initializer("c1.w", OpZoo.gaussian(r, 4 * 2 * 9, 0.4), 4, 2, 3, 3)
                .initializer("up.w", OpZoo.gaussian(r, 4 * 2 * 9, 0.4), 4, 2, 3, 3)
                .initializer("up.b", OpZoo.gaussian(r, 4, 0.1), 4)
                .initializer("up2.w", OpZoo.gaussian(r, 4 * 3 * 4, 0.4), 4, 3, 2, 2)
                .initializer("double", new float[] {1, 1, 2, 2}, 4)
                .initializer("shrink", new float[] {1, 1, 0.5f, 0.75f}, 4)
                .initializer("grow", new float[] {1, 1, 1.5f, 1.5f}, 4)
                .initializer("hw", new long[] {7, 9}, 2)
                .initializer("s0", new long[] {0}, 1).initializer("s2", new long[] {2}, 1);
        b.node("Conv", List.of("image", "c1.w"), List.of("a"), "conv", intsAttr("pads", 1, 1, 1, 1))
                .node("ConvTranspose", List.of("a", "up.w", "up.b"), List.of("u"), "deconv.grouped",
                        intsAttr("strides", 2, 2), intsAttr("pads", 1, 0, 0, 1), intsAttr("output_padding", 1, 0),
                        intAttr("group", 2))
                .node("ConvTranspose", List.of("a", "up2.w"), List.of("u2"), "deconv.stride2",
                        intsAttr("strides", 2, 2), intsAttr("kernel_shape", 2, 2))
                .node("Resize", List.of("a", "", "double"), List.of("n1"), "nearest.floor",
                        stringAttr("mode", "nearest"), stringAttr("coordinate_transformation_mode", "asymmetric"),
                        stringAttr("nearest_mode", "floor"))
                .node("Resize", List.of("u", "", "shrink"), List.of("l1"), "linear.half_pixel",
                        stringAttr("mode", "linear"))
                .node("Resize", List.of("u2", "", "grow"), List.of("n2"), "nearest.round",
                        stringAttr("mode", "nearest"))
                .node("Shape", List.of("a"), List.of("as"), "shape")
                .node("Slice", List.of("as", "s0", "s2"), List.of("nc"), "batch.channels")
                .node("Concat", List.of("nc", "hw"), List.of("sizes"), "sizes", intAttr("axis", 0))
                .node("Resize", List.of("a", "", "", "sizes"), List.of("l2"), "linear.corners",
                        stringAttr("mode", "linear"), stringAttr("coordinate_transformation_mode", "align_corners"));
        // Each branch is weighed by a random map before averaging, so a misplaced row changes the result.
        List<String> branches = List.of("u", "u2", "n1", "l1", "n2", "l2");
        long[][] shapes = {{4, 11, 12}, {3, 10, 12}, {4, 10, 12}, {4, 5, 9}, {3, 15, 18}, {4, 7, 9}};
        for (int i = 0; i < branches.size(); i++) {
            long[] s = shapes[i];
            String name = branches.get(i);
            b.initializer(name + ".map", OpZoo.gaussian(r, (int) (s[0] * s[1] * s[2]), 1), 1, s[0], s[1], s[2])
                    .node("Mul", List.of(name, name + ".map"), List.of(name + ".w"), name + ".weigh")
                    .node("ReduceMean", List.of(name + ".w"), List.of(name + ".m"), name + ".mean",
                            intsAttr("axes", 2, 3), intAttr("keepdims", 0));
        }
        return new OnnxModel(b.node("Concat", branches.stream().map(n -> n + ".m").toList(), List.of("logits"), "concat",
                intAttr("axis", 1)).build());
    }

    private static void unsqueeze(OnnxGraphBuilder b, boolean modern, String in, String out) {
        if (modern) {
            b.initializer(out + ".axes", new long[] {0}, 1)
                    .node("Unsqueeze", List.of(in, out + ".axes"), List.of(out), out);
        } else {
            b.node("Unsqueeze", List.of(in), List.of(out), out, intsAttr("axes", 0));
        }
    }
}
