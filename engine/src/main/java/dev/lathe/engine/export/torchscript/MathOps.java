package dev.lathe.engine.export.torchscript;

import java.util.Map;

/** Element-wise ops, activations, matrix products and normalization. */
final class MathOps {
    private MathOps() {
    }

    static void register(Map<String, Lowering> ops) {
        Map.of("Add", "add", "Sub", "sub", "Mul", "mul", "Div", "div", "Pow", "pow", "MatMul", "matmul")
                .forEach((op, torch) -> ops.put(op, f -> f.assign(0, "torch." + torch + "(" + f.in(0) + ", "
                        + (op.equals("MatMul") ? f.weight(1) : f.in(1)) + ")")));
        Map.of("Relu", "relu", "Sigmoid", "sigmoid", "Tanh", "tanh", "Exp", "exp", "Log", "log", "Sqrt", "sqrt",
                "Neg", "neg", "Abs", "abs", "Reciprocal", "reciprocal", "Erf", "erf")
                .forEach((op, torch) -> ops.put(op, f -> f.assign(0, "torch." + torch + "(" + f.in(0) + ")")));
        ops.put("Floor", f -> f.assign(0, "torch.floor(" + f.in(0) + ")"));
        ops.put("Ceil", f -> f.assign(0, "torch.ceil(" + f.in(0) + ")"));
        ops.put("HardSwish", f -> f.assign(0, "torch.hardswish(" + f.in(0) + ")"));
        ops.put("LeakyRelu", f -> f.assign(0, "torch.leaky_relu(" + f.in(0) + ", "
                + ForwardBuilder.literal(f.real("alpha", 0.01f)) + ")"));
        ops.put("Elu", f -> f.assign(0, "torch.elu(" + f.in(0) + ", "
                + ForwardBuilder.literal(f.real("alpha", 1f)) + ")"));
        ops.put("HardSigmoid", f -> f.assign(0, "torch.clamp(torch.add(torch.mul(" + f.in(0) + ", "
                + ForwardBuilder.literal(f.real("alpha", 0.2f)) + "), " + ForwardBuilder.literal(f.real("beta", 0.5f))
                + "), 0., 1.)"));
        ops.put("Gelu", MathOps::gelu);
        ops.put("Clip", MathOps::clip);
        ops.put("Softmax", f -> softmax(f, "softmax"));
        ops.put("LogSoftmax", f -> softmax(f, "log_softmax"));
        ops.put("Gemm", MathOps::gemm);
        ops.put("Max", f -> fold(f, "maximum"));
        ops.put("Min", f -> fold(f, "minimum"));
        ops.put("LayerNormalization", MathOps::layerNorm);
        ops.put("BatchNormalization", MathOps::batchNorm);
    }

    /**
     * Files of format version below 10 read {@code torch.gelu} with its old schema, which has no {@code approximate}:
     * the tanh form is written out.
     */
    private static void gelu(ForwardBuilder f) throws TorchScriptExportException {
        String x = f.in(0);
        if (f.text("approximate", "none").equals("none")) {
            f.assign(0, "torch.gelu(" + x + ")");
            return;
        }
        String inner = "torch.mul(torch.add(" + x + ", torch.mul(torch.pow(" + x + ", 3), 0.044715)), "
                + Math.sqrt(2 / Math.PI) + ")";
        f.assign(0, "torch.mul(torch.mul(" + x + ", 0.5), torch.add(torch.tanh(" + inner + "), 1.))");
    }

    private static void clip(ForwardBuilder f) throws TorchScriptExportException {
        String low;
        String high;
        if (f.opset() < 11) {
            low = bound(f.real("min", Float.NEGATIVE_INFINITY));
            high = bound(f.real("max", Float.POSITIVE_INFINITY));
        } else {
            low = f.scalar(1).orElse("None");
            high = f.scalar(2).orElse("None");
        }
        f.assign(0, "torch.clamp(" + f.in(0) + ", " + low + ", " + high + ")");
    }

    private static String bound(float value) {
        return Float.isInfinite(value) || Math.abs(value) == Float.MAX_VALUE ? "None" : ForwardBuilder.literal(value);
    }

    /** Before opset 13, Softmax works on the input flattened from {@code axis} on, as a 2-D matrix. */
    private static void softmax(ForwardBuilder f, String torch) throws TorchScriptExportException {
        String x = f.in(0);
        if (f.opset() >= 13) {
            f.assign(0, "torch." + torch + "(" + x + ", " + f.integer("axis", -1) + ")");
            return;
        }
        long axis = f.integer("axis", 1);
        f.assign(0, axis == -1 ? "torch." + torch + "(" + x + ", -1)" : "torch.reshape(torch." + torch
                + "(torch.flatten(" + x + ", " + axis + "), -1), torch.size(" + x + "))");
    }

    private static void gemm(ForwardBuilder f) throws TorchScriptExportException {
        float alpha = f.real("alpha", 1f);
        float beta = f.real("beta", 1f);
        boolean transA = f.integer("transA", 0) != 0;
        boolean transB = f.integer("transB", 0) != 0;
        String a = transA ? "torch.t(" + f.in(0) + ")" : f.in(0);
        String b = f.weight(1);
        if (transB && !transA && alpha == 1f && beta == 1f) {
            f.assign(0, "torch.linear(" + a + ", " + b + ", " + f.optionalWeight(2) + ")");
            return;
        }
        b = transB ? "torch.t(" + b + ")" : b;
        if (!f.present(2)) {
            String product = "torch.mm(" + a + ", " + b + ")";
            f.assign(0, alpha == 1f ? product : "torch.mul(" + product + ", " + ForwardBuilder.literal(alpha) + ")");
            return;
        }
        f.assign(0, "torch.addmm(" + f.weight(2) + ", " + a + ", " + b + ", beta=" + ForwardBuilder.literal(beta)
                + ", alpha=" + ForwardBuilder.literal(alpha) + ")");
    }

    /** Max and Min take any number of inputs: pairwise, left to right. */
    private static void fold(ForwardBuilder f, String torch) throws TorchScriptExportException {
        String expression = f.in(0);
        for (int i = 1; i < f.node().getInputCount(); i++) {
            expression = "torch." + torch + "(" + expression + ", " + f.in(i) + ")";
        }
        f.assign(0, expression);
    }

    /** Normalized over the scale's shape, from {@code axis} to the last axis. */
    private static void layerNorm(ForwardBuilder f) throws TorchScriptExportException {
        if (f.node().getOutputCount() > 1 && f.node().getOutputList().subList(1, f.node().getOutputCount()).stream()
                .anyMatch(o -> !o.isEmpty())) {
            throw f.fail("returns its mean or inverse deviation; only the normalized output is exported");
        }
        long[] shape = f.constant(1).map(Constant::shape).orElseThrow(() -> f.fail("needs a constant scale"));
        if (f.integer("axis", -1) != -shape.length) {
            throw f.fail("normalizes from axis " + f.integer("axis", -1) + " with a scale of " + shape.length
                    + " axes; it is exported when the scale covers every normalized axis");
        }
        f.assign(0, "torch.layer_norm(" + f.in(0) + ", " + ForwardBuilder.list(shape) + ", " + f.weight(1) + ", "
                + f.optionalWeight(2) + ", " + ForwardBuilder.literal(f.real("epsilon", 1e-5f)) + ", True)");
    }

    private static void batchNorm(ForwardBuilder f) throws TorchScriptExportException {
        if (f.node().getOutputCount() > 1 && f.node().getOutputList().subList(1, f.node().getOutputCount()).stream()
                .anyMatch(o -> !o.isEmpty())) {
            throw f.fail("is in training mode (it returns running statistics); only inference is exported");
        }
        f.assign(0, "torch.batch_norm(" + f.in(0) + ", " + f.weight(1) + ", " + f.weight(2) + ", " + f.in(3) + ", "
                + f.in(4) + ", False, 0.1, " + ForwardBuilder.literal(f.real("epsilon", 1e-5f)) + ", True)");
    }
}
