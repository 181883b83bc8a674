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
    static final Set<String> FOLD_ONLY = Set.of("Shape", "Cast", "Slice", "Gather");
    private static final Set<String> FOLDABLE = Set.of("Shape", "Cast", "Slice", "Gather", "Concat", "Unsqueeze",
            "Squeeze", "Reshape", "Add", "Sub", "Mul", "Div", "Identity");

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
            if (c.isEmpty() || (c.get().floats() == null && c.get().longs() == null)) {
                if (FOLD_ONLY.contains(op)) {
                    throw ctx.fail("computes on a tensor; only shape arithmetic on constants is exported");
                }
                return false;
            }
            in.add(c.get());
        }
        if (!FOLD_ONLY.contains(op) && !op.equals("Identity") && in.get(0).isFloat()) {
            return false; // float arithmetic and views on weights stay kernels: their shapes and values matter
        }
        ctx.defineConstant(node.getOutput(0), compute(ctx, op, in));
        return true;
    }

    private static void define(LoweringContext ctx, long[] values, long[] shape) {
        ctx.defineConstant(ctx.node().getOutput(0), new OnnxConstant(ctx.node().getOutput(0), shape, null, values));
    }

    private static OnnxConstant compute(LoweringContext ctx, String op, List<OnnxConstant> in)
            throws PteExportException {
        OnnxConstant x = in.get(0);
        String name = ctx.node().getOutput(0);
        double[] v = values(x);
        switch (op) {
            case "Cast": {
                long to = ctx.attributes().integer("to", 1);
                return to == 1 ? floats(name, x.shape(), v) : longs(name, x.shape(), v);
            }
            case "Identity":
                return x;
            case "Gather": {
                long axis = ctx.attributes().integer("axis", 0);
                if (x.shape().length != 1 || axis != 0) {
                    throw ctx.fail("gathers from a " + x.shape().length + "-D constant; only 1-D is folded");
                }
                long[] idx = in.get(1).asLongs();
                double[] out = new double[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    out[i] = v[(int) (idx[i] < 0 ? idx[i] + v.length : idx[i])];
                }
                return like(x, name, in.get(1).shape(), out);
            }
            case "Slice": {
                if (x.shape().length != 1) {
                    throw ctx.fail("slices a " + x.shape().length + "-D constant; only 1-D is folded");
                }
                long n = v.length;
                boolean attributes = ctx.opset() < 10; // Slice-1 takes starts and ends as attributes
                long start = clamp(attributes ? ctx.attributes().ints("starts", new long[1])[0]
                        : in.get(1).asLongs()[0], n);
                long end = clamp(attributes ? ctx.attributes().ints("ends", new long[] {n})[0]
                        : in.get(2).asLongs()[0], n);
                long step = !attributes && in.size() > 4 && in.get(4) != null ? in.get(4).asLongs()[0] : 1;
                if (step != 1) {
                    throw ctx.fail("slices with step " + step + "; only step 1 is folded");
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

    private static long clamp(long index, long n) {
        long i = index < 0 ? index + n : index;
        return Math.max(0, Math.min(n, i));
    }

    private static double[] values(OnnxConstant c) {
        if (c.floats() != null) {
            double[] d = new double[c.floats().length];
            for (int i = 0; i < d.length; i++) {
                d[i] = c.floats()[i];
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
