package dev.lathe.engine.export.pte;

import java.util.Map;

/** Elementwise arithmetic, activations, softmax, normalisation and means, onto portable kernels. */
final class ElementwiseLowerings {
    private ElementwiseLowerings() {
    }

    static void register(Map<String, NodeLowering> ops) {
        ops.put("Add", ctx -> binary(ctx, "aten::add", true));
        ops.put("Sub", ctx -> binary(ctx, "aten::sub", true));
        ops.put("Mul", ctx -> binary(ctx, "aten::mul", false));
        ops.put("Div", ctx -> binary(ctx, "aten::div", false));
        ops.put("Max", ElementwiseLowerings::max);
        ops.put("Relu", ctx -> unary(ctx, "aten::relu"));
        ops.put("Sigmoid", ctx -> unary(ctx, "aten::sigmoid"));
        ops.put("Tanh", ctx -> unary(ctx, "aten::tanh"));
        ops.put("Erf", ctx -> unary(ctx, "aten::erf"));
        ops.put("Sqrt", ctx -> unary(ctx, "aten::sqrt"));
        ops.put("Pow", ElementwiseLowerings::pow);
        ops.put("LeakyRelu", ElementwiseLowerings::leakyRelu);
        ops.put("Clip", ElementwiseLowerings::clip);
        ops.put("HardSigmoid", ctx -> hardSigmoid(ctx, false));
        ops.put("HardSwish", ctx -> hardSigmoid(ctx, true));
        ops.put("Gelu", ElementwiseLowerings::gelu);
        ops.put("Softmax", ElementwiseLowerings::softmax);
        ops.put("LayerNormalization", ElementwiseLowerings::layerNorm);
        ops.put("ReduceMean", ElementwiseLowerings::reduceMean);
    }

    private static void binary(LoweringContext ctx, String op, boolean hasAlpha) throws PteExportException {
        binary(ctx, op, "out", hasAlpha);
    }

    private static void binary(LoweringContext ctx, String op, String overload, boolean hasAlpha)
            throws PteExportException {
        long[] out;
        try {
            out = Shapes.broadcast(ctx.shape(0), ctx.shape(1));
        } catch (IllegalArgumentException e) {
            throw ctx.fail("has inputs that " + e.getMessage());
        }
        int a = ctx.tensor(0);
        int b = ctx.tensor(1);
        ProgramBuilder p = ctx.program();
        if (hasAlpha) {
            int alpha = p.integer(1);
            int result = ctx.output(0, out);
            p.call(op, overload, a, b, alpha, result, result);
        } else {
            int result = ctx.output(0, out);
            p.call(op, overload, a, b, result, result);
        }
    }

    private static void max(LoweringContext ctx) throws PteExportException {
        if (ctx.node().getInputCount() != 2) {
            throw ctx.fail("has " + ctx.node().getInputCount() + " inputs; Max is exported with exactly 2");
        }
        long[] out = Shapes.broadcast(ctx.shape(0), ctx.shape(1));
        int a = ctx.tensor(0);
        int b = ctx.tensor(1);
        int result = ctx.output(0, out);
        ctx.program().call("aten::maximum", "out", a, b, result, result);
    }

    /** A constant one-value exponent is a Scalar (Pow(x, 2) of a decomposed LayerNorm); else elementwise. */
    private static void pow(LoweringContext ctx) throws PteExportException {
        java.util.Optional<OnnxConstant> scalar = ctx.constant(1)
                .filter(c -> Shapes.elements(c.shape()) == 1 && (c.isFloat() || c.longs() != null));
        if (scalar.isEmpty()) {
            binary(ctx, "aten::pow", "Tensor_Tensor_out", false);
            return;
        }
        double exponent = scalar.get().isFloat() ? scalar.get().floats()[0] : scalar.get().longs()[0];
        long[] out = Shapes.broadcast(ctx.shape(0), scalar.get().shape());
        int x = ctx.tensor(0);
        int e = ctx.program().scalar(exponent);
        int result = ctx.output(0, out);
        ctx.program().call("aten::pow", "Tensor_Scalar_out", x, e, result, result);
    }

    private static void unary(LoweringContext ctx, String op) throws PteExportException {
        int x = ctx.tensor(0);
        int result = ctx.output(0, ctx.shape(0));
        ctx.program().call(op, "out", x, result, result);
    }

    private static void leakyRelu(LoweringContext ctx) throws PteExportException {
        int x = ctx.tensor(0);
        int slope = ctx.program().real(ctx.attributes().real("alpha", 0.01f));
        int result = ctx.output(0, ctx.shape(0));
        ctx.program().call("aten::leaky_relu", "out", x, slope, result, result);
    }

    private static void clip(LoweringContext ctx) throws PteExportException {
        ProgramBuilder p = ctx.program();
        int min;
        int max;
        if (ctx.opset() < 11) {
            min = p.real(ctx.attributes().real("min", -Float.MAX_VALUE));
            max = p.real(ctx.attributes().real("max", Float.MAX_VALUE));
        } else {
            min = ctx.input(1).isPresent() ? p.real(ctx.requireConstant(1, "min").floats()[0]) : p.none();
            max = ctx.input(2).isPresent() ? p.real(ctx.requireConstant(2, "max").floats()[0]) : p.none();
        }
        int x = ctx.tensor(0);
        int result = ctx.output(0, ctx.shape(0));
        p.call("aten::clamp", "out", x, min, max, result, result);
    }

    /** max(0, min(1, alpha·x + beta)); HardSwish multiplies x by it with alpha 1/6, beta 1/2. */
    private static void hardSigmoid(LoweringContext ctx, boolean swish) throws PteExportException {
        ProgramBuilder p = ctx.program();
        long[] shape = ctx.shape(0);
        double alpha = swish ? 1.0 / 6 : ctx.attributes().real("alpha", 0.2f);
        double beta = swish ? 0.5 : ctx.attributes().real("beta", 0.5f);
        int x = ctx.tensor(0);
        int scaled = ctx.scratch(ScalarType.FLOAT, shape);
        p.call("aten::mul", "Scalar_out", x, p.real(alpha), scaled, scaled);
        int shifted = ctx.scratch(ScalarType.FLOAT, shape);
        p.call("aten::add", "Scalar_out", scaled, p.real(beta), p.integer(1), shifted, shifted);
        int gate = swish ? ctx.scratch(ScalarType.FLOAT, shape) : ctx.output(0, shape);
        p.call("aten::clamp", "out", shifted, p.real(0), p.real(1), gate, gate);
        if (swish) {
            int result = ctx.output(0, shape);
            p.call("aten::mul", "out", x, gate, result, result);
        }
    }

    private static void gelu(LoweringContext ctx) throws PteExportException {
        String approximate = ctx.attributes().text("approximate", "none");
        int x = ctx.tensor(0);
        int mode = ctx.program().add(new EValue.Str(approximate));
        int result = ctx.output(0, ctx.shape(0));
        ctx.program().call("aten::gelu", "out", x, mode, result, result);
    }

    private static void softmax(LoweringContext ctx) throws PteExportException {
        long[] shape = ctx.shape(0);
        int axis = Shapes.axis(ctx.attributes().integer("axis", ctx.opset() < 13 ? 1 : -1), shape.length);
        if (ctx.opset() < 13 && axis != shape.length - 1) {
            throw ctx.fail("uses opset " + ctx.opset() + "'s flattening softmax over axis " + axis
                    + "; only the last axis is exported");
        }
        int x = ctx.tensor(0);
        ProgramBuilder p = ctx.program();
        int dim = p.integer(axis);
        int halfToFloat = p.bool(false);
        int result = ctx.output(0, shape);
        p.call("aten::_softmax", "out", x, dim, halfToFloat, result, result);
    }

    private static void layerNorm(LoweringContext ctx) throws PteExportException {
        long[] shape = ctx.shape(0);
        int axis = Shapes.axis(ctx.attributes().integer("axis", -1), shape.length);
        long[] normalized = java.util.Arrays.copyOfRange(shape, axis, shape.length);
        long[] stats = shape.clone();
        for (int i = axis; i < stats.length; i++) {
            stats[i] = 1;
        }
        ProgramBuilder p = ctx.program();
        int x = ctx.tensor(0);
        int normalizedShape = ctx.ints(normalized);
        int scale = ctx.tensor(1);
        int bias = ctx.input(2).isPresent() ? ctx.tensor(2) : p.none();
        int eps = p.real(ctx.attributes().real("epsilon", 1e-5f));
        int result = ctx.output(0, shape);
        int mean = ctx.scratch(ScalarType.FLOAT, stats);
        int rstd = ctx.scratch(ScalarType.FLOAT, stats);
        p.call("aten::native_layer_norm", "out", x, normalizedShape, scale, bias, eps, result, mean, rstd,
                p.returned(result, mean, rstd));
    }

    private static void reduceMean(LoweringContext ctx) throws PteExportException {
        long[] shape = ctx.shape(0);
        long[] axes = ctx.opset() < 18 ? ctx.attributes().ints("axes").orElse(null)
                : ctx.input(1).isPresent() ? ctx.requireConstant(1, "axes").asLongs() : null;
        if (axes == null) {
            axes = new long[shape.length];
            for (int i = 0; i < shape.length; i++) {
                axes[i] = i;
            }
        }
        boolean keep = ctx.attributes().integer("keepdims", 1) != 0;
        java.util.List<Long> out = new java.util.ArrayList<>();
        long[] dims = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            dims[i] = Shapes.axis(axes[i], shape.length);
        }
        for (int i = 0; i < shape.length; i++) {
            final int d = i;
            boolean reduced = java.util.Arrays.stream(dims).anyMatch(v -> v == d);
            if (!reduced) {
                out.add(shape[i]);
            } else if (keep) {
                out.add(1L);
            }
        }
        mean(ctx, dims, keep, out.stream().mapToLong(Long::longValue).toArray());
    }

    static void mean(LoweringContext ctx, long[] dims, boolean keep, long[] out) throws PteExportException {
        ProgramBuilder p = ctx.program();
        int x = ctx.tensor(0);
        int dimList = ctx.ints(dims);
        int keepDim = p.bool(keep);
        int dtype = p.none();
        int result = ctx.output(0, out);
        p.call("aten::mean", "out", x, dimList, keepDim, dtype, result, result);
    }
}
