package dev.lathe.engine.export.pte;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Shape arithmetic computed at export time: with static shapes, Shape → Gather/Slice → Concat → Reshape chains (as
 * paddle2onnx and PyTorch's exporter write them) are constants. A node whose inputs are all constants becomes one.
 */
final class ConstantFolding {
    /** Ops that exist only to be folded: they have no kernel lowering. */
    static final Set<String> FOLD_ONLY = Set.of("Shape", "ConstantOfShape");
    /** Folded even on float constants, where they select or fill values rather than compute them. */
    private static final Set<String> SELECTIONS = Set.of("Shape", "ConstantOfShape", "Cast", "Slice", "Gather",
            "Identity");
    private static final Set<String> FOLDABLE = Set.of("Shape", "ConstantOfShape", "Cast", "Slice", "Gather",
            "Concat", "Unsqueeze", "Squeeze", "Reshape", "Add", "Sub", "Mul", "Div", "Identity");

    private ConstantFolding() {
    }

    /** Folds the node when it can; a fold-only op that cannot be folded is refused naming the node. */
    static boolean fold(LoweringContext ctx) throws PteExportException {
        NodeProto node = ctx.node();
        String op = node.getOpType();
        if (!FOLDABLE.contains(op)) {
            return false;
        }
        if (op.equals("Shape")) {
            long[] shape = ctx.shape(0);
            long start = ctx.attributes().integer("start", 0);
            long end = ctx.attributes().integer("end", shape.length);
            long[] part = Arrays.copyOfRange(shape, Shapes.axis(start, shape.length),
                    Math.min(shape.length, Shapes.axis(end, shape.length)));
            define(ctx, part, new long[] {part.length});
            return true;
        }
        List<OnnxConstant> in = new ArrayList<>();
        for (int i = 0; i < node.getInputCount(); i++) {
            if (node.getInput(i).isEmpty()) {
                in.add(null);
                continue;
            }
            Optional<OnnxConstant> c = ctx.constant(i);
            if (c.isEmpty() || (!c.get().isFloat() && c.get().longs() == null)) {
                if (FOLD_ONLY.contains(op)) {
                    throw ctx.fail("computes on a tensor; it is exported only when its input is a constant");
                }
                return false;
            }
            in.add(c.get());
        }
        if (!SELECTIONS.contains(op) && in.get(0).isFloat()) {
            return false; // float arithmetic and views on weights stay kernels: their shapes and values matter
        }
        OnnxConstant folded = compute(ctx, op, in);
        if (folded == null) {
            return false; // a selection this folder does not compute (a table, a step) runs as a kernel
        }
        ctx.defineConstant(node.getOutput(0), folded);
        return true;
    }

    private static void define(LoweringContext ctx, long[] values, long[] shape) {
        ctx.defineConstant(ctx.node().getOutput(0), new OnnxConstant(ctx.node().getOutput(0), shape, null, values));
    }

    private static OnnxConstant compute(LoweringContext ctx, String op, List<OnnxConstant> in)
            throws PteExportException {
        OnnxConstant x = in.get(0);
        String name = ctx.node().getOutput(0);
        if ((op.equals("Gather") || op.equals("Slice")) && x.shape().length != 1) {
            return null; // a table or a feature map: a kernel selects from it
        }
        double[] v = values(x);
        switch (op) {
            case "Cast": {
                long to = ctx.attributes().integer("to", 1);
                return to == 1 ? floats(name, x.shape(), v) : longs(name, x.shape(), v);
            }
            case "Identity":
                return x;
            case "ConstantOfShape":
                return filled(ctx, name, x.asLongs());
            case "Gather": {
                if (in.get(1).longs() == null) {
                    return null;
                }
                long[] idx = in.get(1).asLongs();
                double[] out = new double[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    out[i] = v[(int) (idx[i] < 0 ? idx[i] + v.length : idx[i])];
                }
                return like(x, name, in.get(1).shape(), out);
            }
            case "Slice": {
                long n = v.length;
                boolean attributes = ctx.opset() < 10; // Slice-1 takes starts and ends as attributes
                long start = clamp(attributes ? ctx.attributes().ints("starts", new long[1])[0]
                        : in.get(1).asLongs()[0], n);
                long end = clamp(attributes ? ctx.attributes().ints("ends", new long[] {n})[0]
                        : in.get(2).asLongs()[0], n);
                long step = !attributes && in.size() > 4 && in.get(4) != null ? in.get(4).asLongs()[0] : 1;
                if (step != 1) {
                    return null;
                }
                double[] out = Arrays.copyOfRange(v, (int) start, (int) Math.max(start, end));
                return like(x, name, new long[] {out.length}, out);
            }
            case "Concat": {
                List<Double> all = new ArrayList<>();
                for (OnnxConstant c : in) {
                    for (double d : values(c)) {
                        all.add(d);
                    }
                }
                return like(x, name, new long[] {all.size()}, all.stream().mapToDouble(Double::doubleValue).toArray());
            }
            case "Unsqueeze":
            case "Squeeze":
            case "Reshape":
                return like(x, name, new long[] {v.length}, v);
            default: {
                double[] w = values(in.get(1));
                double[] out = new double[Math.max(v.length, w.length)];
                for (int i = 0; i < out.length; i++) {
                    double a = v[v.length == 1 ? 0 : i];
                    double b = w[w.length == 1 ? 0 : i];
                    out[i] = switch (op) {
                        case "Add" -> a + b;
                        case "Sub" -> a - b;
                        case "Mul" -> a * b;
                        default -> x.isFloat() ? a / b : Math.floorDiv((long) a, (long) b);
                    };
                }
                return like(x, name, v.length >= w.length ? x.shape() : in.get(1).shape(), out);
            }
        }
    }

    /** ConstantOfShape: its 'value' attribute (one element, float 0 when absent) repeated over the shape. */
    private static OnnxConstant filled(LoweringContext ctx, String name, long[] shape) throws PteExportException {
        OnnxConstant value = ctx.node().getAttributeList().stream().filter(a -> a.getName().equals("value"))
                .findFirst().map(a -> OnnxConstant.of(a.getT()))
                .orElse(new OnnxConstant("value", new long[] {1}, new float[1], null));
        if (!value.isFloat() && value.longs() == null) {
            throw ctx.fail("fills with a value that is neither float32 nor an integer");
        }
        double[] v = new double[Math.toIntExact(Shapes.elements(shape))];
        Arrays.fill(v, values(value)[0]);
        return like(value, name, shape, v);
    }

    private static long clamp(long index, long n) {
        long i = index < 0 ? index + n : index;
        return Math.max(0, Math.min(n, i));
    }

    private static double[] values(OnnxConstant c) {
        float[] f = c.floats();
        if (f != null) {
            double[] d = new double[f.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        return Arrays.stream(c.longs()).asDoubleStream().toArray();
    }

    private static OnnxConstant like(OnnxConstant type, String name, long[] shape, double[] v) {
        return type.isFloat() ? floats(name, shape, v) : longs(name, shape, v);
    }

    private static OnnxConstant floats(String name, long[] shape, double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return new OnnxConstant(name, shape, f, null);
    }

    private static OnnxConstant longs(String name, long[] shape, double[] v) {
        return new OnnxConstant(name, shape, null, Arrays.stream(v).mapToLong(d -> (long) d).toArray());
    }
}
