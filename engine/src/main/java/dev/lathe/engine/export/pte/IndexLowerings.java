package dev.lathe.engine.export.pte;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Slice, Gather and Cast on float tensors, onto {@code aten::slice_copy}, {@code aten::index_select} and a copy. The
 * same ops on constants are folded at export ({@link ConstantFolding}); what reaches here reads an activation or a
 * float table.
 */
final class IndexLowerings {
    private static final int FLOAT = 1;
    private static final int FLOAT16 = 10;

    private IndexLowerings() {
    }

    static void register(java.util.Map<String, NodeLowering> ops) {
        ops.put("Slice", IndexLowerings::slice);
        ops.put("Gather", IndexLowerings::gather);
        ops.put("Cast", IndexLowerings::cast);
    }

    /** One {@code slice_copy} per sliced axis, with starts and ends clamped as ONNX clamps them. */
    private static void slice(LoweringContext ctx) throws PteExportException {
        long[] shape = ctx.shape(0);
        Attributes a = ctx.attributes();
        boolean attributes = ctx.opset() < 10; // Slice-1 takes starts, ends and axes as attributes
        long[] starts = attributes ? a.ints("starts", new long[0]) : ctx.requireConstant(1, "starts").asLongs();
        long[] ends = attributes ? a.ints("ends", new long[0]) : ctx.requireConstant(2, "ends").asLongs();
        long[] axes = attributes ? a.ints("axes", firstAxes(starts.length))
                : ctx.input(3).isPresent() ? ctx.requireConstant(3, "axes").asLongs() : firstAxes(starts.length);
        long[] steps = !attributes && ctx.input(4).isPresent() ? ctx.requireConstant(4, "steps").asLongs()
                : filled(starts.length, 1);
        ProgramBuilder p = ctx.program();
        int current = ctx.tensor(0);
        boolean sliced = false;
        for (int i = 0; i < starts.length; i++) {
            int axis = Shapes.axis(axes[i], shape.length);
            long dim = shape[axis];
            if (steps[i] <= 0) {
                throw ctx.fail("slices axis " + axis + " with step " + steps[i] + "; only positive steps are "
                        + "exported (reverse with a positive step and a Gather of reversed indices instead)");
            }
            long start = clamp(starts[i], dim);
            long end = clamp(ends[i], dim);
            long length = end > start ? (end - start + steps[i] - 1) / steps[i] : 0;
            if (length == 0) {
                throw ctx.fail("selects nothing on axis " + axis + " (start " + starts[i] + ", end " + ends[i]
                        + " of " + dim + "); empty tensors are not exported");
            }
            if (length == dim) {
                continue;
            }
            shape[axis] = length;
            boolean last = remainingSlices(i + 1, starts, ends, axes, steps, shape);
            int out = last ? ctx.output(0, shape) : ctx.scratch(ScalarType.FLOAT, shape);
            p.call("aten::slice_copy", "Tensor_out", current, p.integer(axis), p.integer(start), p.integer(end),
                    p.integer(steps[i]), out, out);
            current = out;
            sliced = true;
            if (last) {
                return;
            }
        }
        if (!sliced) {
            copy(ctx, current, shape);
        }
    }

    /** True when no later entry of the slice changes the shape, so this slice writes the node's output. */
    private static boolean remainingSlices(int from, long[] starts, long[] ends, long[] axes, long[] steps,
            long[] shape) {
        for (int i = from; i < starts.length; i++) {
            long dim = shape[Shapes.axis(axes[i], shape.length)];
            long start = clamp(starts[i], dim);
            long end = clamp(ends[i], dim);
            if (steps[i] <= 0 || end <= start || (end - start + steps[i] - 1) / steps[i] != dim) {
                return false;
            }
        }
        return true;
    }

    private static long clamp(long index, long dim) {
        long i = index < 0 ? index + dim : index;
        return Math.max(0, Math.min(dim, i));
    }

    private static long[] firstAxes(int n) {
        long[] axes = new long[n];
        for (int i = 0; i < n; i++) {
            axes[i] = i;
        }
        return axes;
    }

    private static long[] filled(int n, long value) {
        long[] v = new long[n];
        Arrays.fill(v, value);
        return v;
    }

    /** {@code index_select} with constant indices; indices of any rank are flattened, then the result reshaped. */
    private static void gather(LoweringContext ctx) throws PteExportException {
        long[] data = ctx.shape(0);
        int axis = Shapes.axis(ctx.attributes().integer("axis", 0), data.length);
        OnnxConstant indices = ctx.requireConstant(1, "indices");
        long[] ids = indices.asLongs();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < -data[axis] || ids[i] >= data[axis]) {
                throw ctx.fail("gathers index " + ids[i] + " from an axis of " + data[axis]);
            }
            ids[i] = ids[i] < 0 ? ids[i] + data[axis] : ids[i];
        }
        long[] selected = data.clone();
        selected[axis] = ids.length;
        long[] out = new long[data.length - 1 + indices.shape().length];
        System.arraycopy(data, 0, out, 0, axis);
        System.arraycopy(indices.shape(), 0, out, axis, indices.shape().length);
        System.arraycopy(data, axis + 1, out, axis + indices.shape().length, data.length - axis - 1);
        ProgramBuilder p = ctx.program();
        int x = ctx.tensor(0);
        int index = p.constant(ScalarType.LONG, List.of((long) ids.length), longBytes(ids));
        boolean reshaped = !Arrays.equals(selected, out);
        int result = reshaped ? ctx.scratch(ScalarType.FLOAT, selected) : ctx.output(0, out);
        p.call("aten::index_select", "out", x, p.integer(axis), index, result, result);
        if (reshaped) {
            int sizes = ctx.ints(out);
            int view = ctx.output(0, out);
            p.call("aten::view_copy", "out", result, sizes, view, view);
        }
    }

    /**
     * A cast between float32 and float16 is {@code _to_copy}; a cast to the type a tensor already has is a copy (the
     * float sums of an integer convolution, see {@link DynamicQuantLowerings}, are cast to float32 that way).
     */
    private static void cast(LoweringContext ctx) throws PteExportException {
        long to = ctx.attributes().integer("to", FLOAT);
        ScalarType from = ctx.type(0);
        ScalarType target = to == FLOAT ? ScalarType.FLOAT : to == FLOAT16 ? ScalarType.HALF : null;
        if (target == null || !from.isFloating()) {
            throw ctx.fail("casts a " + from.name().toLowerCase(java.util.Locale.ROOT) + " tensor to ONNX type " + to
                    + "; float32 and float16 tensors are exported, cast only between them (casts of constants and "
                    + "shapes are computed at export)");
        }
        if (from == target) {
            copy(ctx, ctx.tensor(0), ctx.shape(0));
            return;
        }
        toCopy(ctx, ctx.tensor(0), ctx.output(0, ctx.shape(0), target));
    }

    /** {@code aten::_to_copy.out}: {@code x} converted into {@code out}'s type. */
    static void toCopy(LoweringContext ctx, int x, int out) {
        ProgramBuilder p = ctx.program();
        p.call("aten::_to_copy", "out", x, p.bool(false), p.none(), out, out);
    }

    private static void copy(LoweringContext ctx, int x, long[] shape) {
        int sizes = ctx.ints(shape);
        int result = ctx.output(0, shape);
        ctx.program().call("aten::view_copy", "out", x, sizes, result, result);
    }

    static byte[] longBytes(long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return b.array();
    }
}
