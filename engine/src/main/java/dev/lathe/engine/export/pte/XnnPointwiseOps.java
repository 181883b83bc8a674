package dev.lathe.engine.export.pte;

import java.util.Arrays;
import java.util.Map;

/**
 * Elementwise ops in fp32, in whatever layout their input has: activations (Relu and Clip as XNNPACK's clamp),
 * binary ops with NumPy broadcasting, and Softmax over the last axis. An int8 input is converted to fp32 first.
 */
final class XnnPointwiseOps {
    private static final int ADD = 1;
    private static final int SOFTMAX = 3;
    private static final int SIGMOID = 4;
    private static final int CLAMP = 6;
    private static final int DIV = 8;
    private static final int MINIMUM = 12;
    private static final int MULTIPLY = 15;
    private static final int SUBTRACT = 16;
    private static final int FLOOR = 17;
    private static final int SQUARE_ROOT = 22;
    private static final int CEILING = 23;
    private static final int HARDSWISH = 24;
    private static final int LEAKY_RELU = 25;
    private static final int MAXIMUM = 26;
    private static final int NEGATE = 27;
    private static final int ELU = 29;
    private static final int ABS = 30;
    private static final int TANH = 43;
    private static final int EXP = 44;
    private static final int MAX_RANK = 6;

    private XnnPointwiseOps() {
    }

    static void register(Map<String, XnnOp> ops) {
        Map.of("Sigmoid", SIGMOID, "Tanh", TANH, "HardSwish", HARDSWISH, "Abs", ABS, "Neg", NEGATE,
                "Sqrt", SQUARE_ROOT, "Exp", EXP, "Floor", FLOOR, "Ceil", CEILING)
                .forEach((op, tag) -> ops.put(op, XnnOp.always(p -> unary(p, tag, null))));
        ops.put("Relu", XnnOp.always(p -> clamp(p, 0, Float.POSITIVE_INFINITY)));
        ops.put("Clip", XnnOp.when(XnnPointwiseOps::constantBounds, p -> {
            float[] bounds = bounds(p.ctx());
            clamp(p, bounds[0], bounds[1]);
        }));
        ops.put("LeakyRelu", XnnOp.always(p -> unary(p, LEAKY_RELU, p.ctx().attributes().real("alpha", 0.01f))));
        ops.put("Elu", XnnOp.always(p -> unary(p, ELU, p.ctx().attributes().real("alpha", 1f))));
        Map.of("Add", ADD, "Sub", SUBTRACT, "Mul", MULTIPLY, "Div", DIV, "Max", MAXIMUM, "Min", MINIMUM)
                .forEach((op, tag) -> ops.put(op, XnnOp.when(XnnPointwiseOps::binaryFits, p -> binary(p, tag))));
        ops.put("Softmax", XnnOp.when(XnnPointwiseOps::lastAxis, XnnPointwiseOps::softmax));
    }

    private static void unary(XnnpackPartitioner p, int tag, Float parameter) throws PteExportException {
        XnnRun run = p.run();
        XnnRep in = run.fp32(run.input(0));
        XnnRep out = run.newValue(in.shape(), in.nhwc(), null);
        if (parameter == null) {
            run.graph().node(tag, in.id(), out.id(), 0);
        } else {
            run.graph().node(tag, parameter, in.id(), out.id(), 0);
        }
        run.define(p.ctx().node().getOutput(0), out);
    }

    private static void clamp(XnnpackPartitioner p, float min, float max) throws PteExportException {
        XnnRun run = p.run();
        XnnRep in = run.fp32(run.input(0));
        XnnRep out = run.newValue(in.shape(), in.nhwc(), null);
        run.graph().clampedNode(min, max, CLAMP, in.id(), out.id(), 0);
        run.define(p.ctx().node().getOutput(0), out);
    }

    private static boolean constantBounds(LoweringContext ctx) {
        return ctx.opset() < 11 || ((ctx.input(1).isEmpty() || ctx.constant(1).filter(OnnxConstant::isFloat)
                .isPresent()) && (ctx.input(2).isEmpty() || ctx.constant(2).filter(OnnxConstant::isFloat).isPresent()));
    }

    private static float[] bounds(LoweringContext ctx) {
        if (ctx.opset() < 11) {
            return new float[] {ctx.attributes().real("min", Float.NEGATIVE_INFINITY),
                ctx.attributes().real("max", Float.POSITIVE_INFINITY)};
        }
        float min = ctx.constant(1).map(c -> c.floats()[0]).orElse(Float.NEGATIVE_INFINITY);
        float max = ctx.constant(2).map(c -> c.floats()[0]).orElse(Float.POSITIVE_INFINITY);
        return new float[] {min, max};
    }

    private static boolean binaryFits(LoweringContext ctx) throws PteExportException {
        if (ctx.node().getInputCount() != 2 || (ctx.constant(0).isPresent() && ctx.constant(1).isPresent())) {
            return false;
        }
        for (int i = 0; i < 2; i++) {
            if (ctx.constant(i).isPresent() && !ctx.constant(i).get().isFloat()) {
                return false;
            }
        }
        try {
            return Shapes.broadcast(ctx.shape(0), ctx.shape(1)).length <= MAX_RANK;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Both operands channels-last when every activation operand is (a constant is expanded to 4-D and permuted to
     * match, so broadcasting still pairs the same elements), else both as ONNX lays them out.
     */
    private static void binary(XnnpackPartitioner p, int tag) throws PteExportException {
        XnnRun run = p.run();
        boolean[] constant = {run.isConstant(0), run.isConstant(1)};
        boolean nhwc = true;
        for (int i = 0; i < 2; i++) {
            long[] shape = p.ctx().shape(i);
            nhwc &= constant[i] ? shape.length <= 4 : run.input(i).nhwc();
        }
        XnnRep[] in = new XnnRep[2];
        for (int i = 0; i < 2; i++) {
            in[i] = constant[i] && nhwc ? channelsLastConstant(p, i) : run.layout(run.fp32(run.input(i)), nhwc);
        }
        long[] shape = Shapes.broadcast(in[0].shape(), in[1].shape());
        XnnRep out = run.newValue(shape, nhwc && shape.length == 4, null);
        run.graph().node(tag, in[0].id(), in[1].id(), out.id(), 0);
        run.define(p.ctx().node().getOutput(0), out);
    }

    private static XnnRep channelsLastConstant(XnnpackPartitioner p, int i) throws PteExportException {
        OnnxConstant c = p.ctx().constantNamed(p.ctx().inputName(i)).orElseThrow();
        long[] shape = new long[4];
        Arrays.fill(shape, 1);
        System.arraycopy(c.shape(), 0, shape, 4 - c.shape().length, c.shape().length);
        int[] source = Shapes.transposedIndex(shape, XnnRep.TO_NHWC);
        float[] values = c.floats();
        float[] data = new float[source.length];
        for (int k = 0; k < data.length; k++) {
            data[k] = values[source[k]];
        }
        int id = p.run().graph().constant(XnnGraph.Datatype.FP32, XnnRep.permute(shape, XnnRep.TO_NHWC), null,
                OnnxConstant.bytes(data));
        return new XnnRep(id, shape, true, null);
    }

    private static boolean lastAxis(LoweringContext ctx) throws PteExportException {
        int rank = ctx.shape(0).length;
        long axis = ctx.attributes().integer("axis", ctx.opset() >= 13 ? -1 : 1);
        return Shapes.axis(axis, rank) == rank - 1;
    }

    private static void softmax(XnnpackPartitioner p) throws PteExportException {
        XnnRun run = p.run();
        XnnRep in = run.layout(run.fp32(run.input(0)), false);
        XnnRep out = run.newValue(in.shape(), false, null);
        run.graph().node(SOFTMAX, in.id(), out.id(), 0);
        run.define(p.ctx().node().getOutput(0), out);
    }
}
