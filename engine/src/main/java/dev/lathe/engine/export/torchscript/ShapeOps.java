package dev.lathe.engine.export.torchscript;

import java.util.Arrays;
import java.util.Map;

/** Ops that move, join or reshape values; their shape arguments must be constants. */
final class ShapeOps {
    private ShapeOps() {
    }

    static void register(Map<String, Lowering> ops) {
        ops.put("Identity", f -> f.assign(0, f.in(0)));
        ops.put("Dropout", ShapeOps::dropout);
        ops.put("Flatten", ShapeOps::flatten);
        ops.put("Reshape", ShapeOps::reshape);
        ops.put("Transpose", f -> f.assign(0, "torch.permute(" + f.in(0) + ", " + ForwardBuilder.list(
                f.ints("perm").orElseThrow(() -> f.fail("has no perm; a transpose is exported with its "
                        + "permutation given"))) + ")"));
        ops.put("Concat", ShapeOps::concat);
        ops.put("Unsqueeze", f -> axes(f, "unsqueeze", false));
        ops.put("Squeeze", f -> axes(f, "squeeze", true));
        ops.put("Pad", ShapeOps::pad);
        ops.put("ReduceMean", f -> reduce(f, "mean"));
        ops.put("ReduceSum", f -> reduce(f, "sum"));
        ops.put("ReduceMax", f -> reduce(f, "amax"));
    }

    private static void dropout(ForwardBuilder f) throws TorchScriptExportException {
        if (f.node().getOutputCount() > 1 && !f.node().getOutput(1).isEmpty()) {
            throw f.fail("returns its mask; only inference (no mask) is exported");
        }
        f.assign(0, f.in(0));
    }

    private static void flatten(ForwardBuilder f) throws TorchScriptExportException {
        long axis = f.integer("axis", 1);
        String x = f.in(0);
        f.assign(0, axis == 0 ? "torch.reshape(" + x + ", [1, -1])" : axis == 1 ? "torch.flatten(" + x + ", 1)"
                : "torch.flatten(torch.flatten(" + x + ", " + axis + "), 0, -2)");
    }

    /** A 0 in ONNX's shape copies the input's dimension (unless allowzero); in PyTorch's it would mean 0. */
    private static void reshape(ForwardBuilder f) throws TorchScriptExportException {
        long[] shape = f.ints(1).orElseThrow(() -> f.fail("needs its shape as input 1"));
        String x = f.in(0);
        boolean allowZero = f.integer("allowzero", 0) != 0;
        StringBuilder dims = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            dims.append(i > 0 ? ", " : "").append(shape[i] == 0 && !allowZero ? "torch.size(" + x + ", " + i + ")"
                    : Long.toString(shape[i]));
        }
        f.assign(0, "torch.reshape(" + x + ", " + dims + "])");
    }

    private static void concat(ForwardBuilder f) throws TorchScriptExportException {
        StringBuilder parts = new StringBuilder("[");
        for (int i = 0; i < f.node().getInputCount(); i++) {
            parts.append(i > 0 ? ", " : "").append(f.in(i));
        }
        f.assign(0, "torch.cat(" + parts + "], " + f.integer("axis", 0) + ")");
    }

    /** One call per axis: ascending for unsqueeze, descending for squeeze, so earlier calls move no later axis. */
    private static void axes(ForwardBuilder f, String torch, boolean squeeze) throws TorchScriptExportException {
        long[] axes = f.opset() >= 13 ? f.ints(1).orElse(null) : f.ints("axes").orElse(null);
        String x = f.in(0);
        if (axes == null) {
            if (!squeeze) {
                throw f.fail("has no axes");
            }
            f.assign(0, "torch.squeeze(" + x + ")");
            return;
        }
        long[] sorted = Arrays.stream(axes).sorted().toArray();
        if (axes.length > 1 && sorted[0] < 0 && sorted[sorted.length - 1] >= 0) {
            throw f.fail("mixes negative and non-negative axes " + Arrays.toString(axes) + "; they are exported "
                    + "when all are of one sign");
        }
        boolean descending = squeeze == (sorted[0] >= 0);
        String expression = x;
        for (int i = 0; i < sorted.length; i++) {
            long axis = descending ? sorted[sorted.length - 1 - i] : sorted[i];
            expression = "torch." + torch + "(" + expression + ", " + axis + ")";
        }
        f.assign(0, expression);
    }

    private static void pad(ForwardBuilder f) throws TorchScriptExportException {
        if (!f.text("mode", "constant").equals("constant")) {
            throw f.fail("pads in mode '" + f.text("mode", "") + "'; constant padding is exported");
        }
        if (f.present(3)) {
            throw f.fail("pads only some axes (input 'axes'); padding given for every axis is exported");
        }
        long[] pads = f.opset() >= 11 ? f.ints(1).orElseThrow(() -> f.fail("needs its pads as input 1"))
                : f.ints("pads").orElseThrow(() -> f.fail("has no pads"));
        String value = f.opset() >= 11 ? f.scalar(2).orElse("0.") : ForwardBuilder.literal(f.real("value", 0f));
        int rank = pads.length / 2;
        long[] torch = new long[pads.length];
        for (int i = 0; i < rank; i++) {
            torch[2 * i] = pads[rank - 1 - i];
            torch[2 * i + 1] = pads[2 * rank - 1 - i];
        }
        f.assign(0, "torch.constant_pad_nd(" + f.in(0) + ", " + ForwardBuilder.list(torch) + ", " + value + ")");
    }

    private static void reduce(ForwardBuilder f, String torch) throws TorchScriptExportException {
        boolean axesInput = f.opset() >= 18 || (torch.equals("sum") && f.opset() >= 13);
        long[] axes = axesInput ? f.ints(1).orElse(null) : f.ints("axes").orElse(null);
        if (axes == null || axes.length == 0) {
            throw f.fail("reduces over every axis (no axes given); a reduction is exported with its axes given");
        }
        f.assign(0, "torch." + torch + "(" + f.in(0) + ", " + ForwardBuilder.list(axes) + ", "
                + WindowOps.python(f.integer("keepdims", 1) != 0) + ")");
    }
}
