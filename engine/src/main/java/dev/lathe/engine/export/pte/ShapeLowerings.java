package dev.lathe.engine.export.pte;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reshapes, transposes, concatenation and padding: every result is a copy, as Edge-dialect ops are. */
final class ShapeLowerings {
    private ShapeLowerings() {
    }

    static void register(Map<String, NodeLowering> ops) {
        ops.put("Flatten", ShapeLowerings::flatten);
        ops.put("Reshape", ShapeLowerings::reshape);
        ops.put("Squeeze", ShapeLowerings::squeeze);
        ops.put("Unsqueeze", ShapeLowerings::unsqueeze);
        ops.put("Identity", ctx -> view(ctx, ctx.shape(0)));
        ops.put("Dropout", ctx -> view(ctx, ctx.shape(0)));
        ops.put("Transpose", ShapeLowerings::transpose);
        ops.put("Concat", ShapeLowerings::concat);
        ops.put("Pad", ShapeLowerings::pad);
    }

    private static void view(LoweringContext ctx, long[] shape) throws PteExportException {
        int x = ctx.tensor(0);
        int sizes = ctx.ints(shape);
        int result = ctx.output(0, shape);
        ctx.program().call("aten::view_copy", "out", x, sizes, result, result);
    }

    private static void flatten(LoweringContext ctx) throws PteExportException {
        view(ctx, flattened(ctx));
    }

    private static void reshape(LoweringContext ctx) throws PteExportException {
        view(ctx, reshaped(ctx));
    }

    private static void squeeze(LoweringContext ctx) throws PteExportException {
        view(ctx, squeezed(ctx));
    }

    private static void unsqueeze(LoweringContext ctx) throws PteExportException {
        view(ctx, unsqueezed(ctx));
    }

    /** The shapes of the view ops, shared with the XNNPACK delegate's static reshape. */
    static long[] flattened(LoweringContext ctx) throws PteExportException {
        long[] x = ctx.shape(0);
        int axis = Shapes.axis(ctx.attributes().integer("axis", 1), x.length);
        long outer = Shapes.elements(Arrays.copyOfRange(x, 0, axis));
        return new long[] {outer, Shapes.elements(x) / outer};
    }

    static long[] reshaped(LoweringContext ctx) throws PteExportException {
        long[] x = ctx.shape(0);
        long[] target = ctx.requireConstant(1, "shape").asLongs();
        boolean allowZero = ctx.attributes().integer("allowzero", 0) != 0;
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 0 && !allowZero) {
                target[i] = x[i];
            }
            if (target[i] == -1) {
                inferred = i;
            } else {
                known *= target[i];
            }
        }
        if (inferred >= 0) {
            target[inferred] = Shapes.elements(x) / known;
        }
        if (Shapes.elements(target) != Shapes.elements(x)) {
            throw ctx.fail("reshapes " + Shapes.text(x) + " to " + Shapes.text(target) + ", a different size");
        }
        return target;
    }

    private static long[] axes(LoweringContext ctx) throws PteExportException {
        if (ctx.opset() >= 13) {
            return ctx.input(1).isPresent() ? ctx.requireConstant(1, "axes").asLongs() : null;
        }
        return ctx.attributes().ints("axes").orElse(null);
    }

    static long[] squeezed(LoweringContext ctx) throws PteExportException {
        long[] x = ctx.shape(0);
        long[] axes = axes(ctx);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            final int d = i;
            boolean named = axes == null ? x[i] == 1
                    : Arrays.stream(axes).anyMatch(a -> Shapes.axis(a, x.length) == d);
            if (!named) {
                out.add(x[i]);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    static long[] unsqueezed(LoweringContext ctx) throws PteExportException {
        long[] x = ctx.shape(0);
        long[] axes = axes(ctx);
        if (axes == null) {
            throw ctx.fail("has no axes");
        }
        int rank = x.length + axes.length;
        long[] out = new long[rank];
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            inserted[Shapes.axis(a, rank)] = true;
        }
        for (int i = 0, j = 0; i < rank; i++) {
            out[i] = inserted[i] ? 1 : x[j++];
        }
        return out;
    }

    static long[] permutation(LoweringContext ctx) throws PteExportException {
        long[] x = ctx.shape(0);
        long[] reversed = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            reversed[i] = x.length - 1 - i;
        }
        return ctx.attributes().ints("perm", reversed);
    }

    private static void transpose(LoweringContext ctx) throws PteExportException {
        long[] x = ctx.shape(0);
        long[] perm = permutation(ctx);
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[(int) perm[i]];
        }
        int input = ctx.tensor(0);
        int dims = ctx.ints(perm);
        int result = ctx.output(0, out);
        ctx.program().call("aten::permute_copy", "out", input, dims, result, result);
    }

    private static void concat(LoweringContext ctx) throws PteExportException {
        long[] first = ctx.shape(0);
        int axis = Shapes.axis(ctx.attributes().integer("axis", 0), first.length);
        long[] out = first.clone();
        out[axis] = 0;
        List<Integer> parts = new ArrayList<>();
        for (int i = 0; i < ctx.node().getInputCount(); i++) {
            out[axis] += ctx.shape(i)[axis];
            parts.add(ctx.tensor(i));
        }
        ProgramBuilder p = ctx.program();
        int list = p.add(new EValue.TensorList(parts));
        int dim = p.integer(axis);
        int result = ctx.output(0, out);
        p.call("aten::cat", "out", list, dim, result, result);
    }

    /** ONNX pads are [begin of each axis…, end of each axis…]; constant_pad_nd wants (begin, end) from the last axis. */
    private static void pad(LoweringContext ctx) throws PteExportException {
        String mode = ctx.attributes().text("mode", "constant");
        if (!mode.equals("constant")) {
            throw ctx.fail("pads in mode '" + mode + "'; only constant padding is exported");
        }
        long[] x = ctx.shape(0);
        long[] pads = ctx.opset() < 11 ? ctx.attributes().ints("pads", new long[0])
                : ctx.requireConstant(1, "pads").asLongs();
        if (ctx.input(3).isPresent()) {
            throw ctx.fail("pads only some axes; export it with pads for every axis");
        }
        double value = ctx.opset() < 11 ? ctx.attributes().real("value", 0f)
                : ctx.input(2).isPresent() ? ctx.requireConstant(2, "value").floats()[0] : 0;
        long[] out = x.clone();
        long[] torchPads = new long[2 * x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] += pads[i] + pads[i + x.length];
            int axis = x.length - 1 - i;
            torchPads[2 * i] = pads[axis];
            torchPads[2 * i + 1] = pads[axis + x.length];
        }
        ProgramBuilder p = ctx.program();
        int input = ctx.tensor(0);
        int padList = ctx.ints(torchPads);
        int fill = p.real(value);
        int result = ctx.output(0, out);
        p.call("aten::constant_pad_nd", "out", input, padList, fill, result, result);
    }
}
