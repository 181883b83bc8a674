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
        ops.put("Cast", ShapeOps::cast);
        ops.put("Slice", ShapeOps::slice);
        ops.put("Gather", ShapeOps::gather);
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

    /** Every value forward computes is float (or bfloat16 in a bf16 archive): a cast to float changes nothing. */
    private static void cast(ForwardBuilder f) throws TorchScriptExportException {
        if (f.integer("to", 0) != 1) {
            throw f.fail("casts to ONNX type " + f.integer("to", 0) + "; only casts to float are exported");
        }
        f.assign(0, f.in(0));
    }

    private static void slice(ForwardBuilder f) throws TorchScriptExportException {
        boolean inputs = f.opset() >= 10;
        long[] starts = (inputs ? f.ints(1) : f.ints("starts")).orElseThrow(() -> f.fail("has no starts"));
        long[] ends = (inputs ? f.ints(2) : f.ints("ends")).orElseThrow(() -> f.fail("has no ends"));
        long[] axes = (inputs ? f.ints(3) : f.ints("axes")).orElse(null);
        long[] steps = inputs ? f.ints(4).orElse(null) : null;
        String expression = f.in(0);
        for (int i = 0; i < starts.length; i++) {
            long step = steps == null ? 1 : steps[i];
            if (step < 1) {
                throw f.fail("steps backwards (" + step + "); slices with positive steps are exported");
            }
            expression = "torch.slice(" + expression + ", " + (axes == null ? i : axes[i]) + ", " + starts[i] + ", "
                    + ends[i] + ", " + step + ")";
        }
        f.assign(0, expression);
    }

    /** A constant scalar index selects; a constant list of non-negative indices picks rows. */
    private static void gather(ForwardBuilder f) throws TorchScriptExportException {
        long[] indices = f.ints(1).orElseThrow(() -> f.fail("needs its indices"));
        long[] shape = f.constant(1).orElseThrow().shape();
        long axis = f.integer("axis", 0);
        if (shape.length == 0) {
            f.assign(0, "torch.select(" + f.in(0) + ", " + axis + ", " + indices[0] + ")");
        } else if (shape.length == 1 && Arrays.stream(indices).allMatch(i -> i >= 0)) {
            f.assign(0, "torch.index_select(" + f.in(0) + ", " + axis + ", torch.tensor(" + ForwardBuilder.list(indices)
                    + ", dtype=None, device=None, requires_grad=False))");
        } else {
            throw f.fail("gathers with " + shape.length + "-D or negative indices; a scalar index or a list of "
                    + "non-negative ones is exported");
        }
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
