package dev.lathe.engine.export.torchscript;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Ops that slide a window: convolutions and pools, 1-D to 3-D, with ONNX's padding rules. */
final class WindowOps {
    private WindowOps() {
    }

    static void register(Map<String, Lowering> ops) {
        ops.put("Conv", WindowOps::conv);
        ops.put("ConvTranspose", WindowOps::convTranspose);
        ops.put("MaxPool", f -> pool(f, "max"));
        ops.put("AveragePool", f -> pool(f, "avg"));
        ops.put("GlobalAveragePool", f -> f.assign(0, "torch.mean(" + f.in(0) + ", [-2, -1], True)"));
        ops.put("GlobalMaxPool", f -> f.assign(0, "torch.amax(" + f.in(0) + ", [-2, -1], True)"));
    }

    private static void conv(ForwardBuilder f) throws TorchScriptExportException {
        long[] kernel = f.ints("kernel_shape").orElse(null);
        if (kernel == null) {
            long[] w = f.constant(1).map(Constant::shape).orElseThrow(() -> f.fail("has neither kernel_shape nor "
                    + "a constant weight to read the kernel's size from"));
            kernel = Arrays.copyOfRange(w, 2, w.length);
        }
        int rank = rank(f, kernel);
        long[] pads = pads(f, kernel, rank);
        String x = padded(f, f.in(0), pads, rank, "0.");
        f.assign(0, "torch.conv" + rank + "d(" + x + ", " + f.weight(1) + ", " + f.optionalWeight(2) + ", "
                + ForwardBuilder.list(f.ints("strides").orElse(ones(rank))) + ", "
                + ForwardBuilder.list(symmetric(pads, rank)) + ", "
                + ForwardBuilder.list(f.ints("dilations").orElse(ones(rank))) + ", " + f.integer("group", 1) + ")");
    }

    private static void convTranspose(ForwardBuilder f) throws TorchScriptExportException {
        long[] w = f.constant(1).map(Constant::shape).orElseThrow(() -> f.fail("needs a constant weight"));
        int rank = rank(f, java.util.Arrays.copyOfRange(w, 2, w.length));
        if (f.attribute("output_shape").isPresent() || !List.of("NOTSET", "VALID").contains(f.text("auto_pad",
                "NOTSET"))) {
            throw f.fail("sets output_shape or auto_pad; a transposed convolution is exported with pads given");
        }
        long[] pads = f.ints("pads").orElse(new long[2 * rank]);
        if (!isSymmetric(pads, rank)) {
            throw f.fail("pads the two sides of an axis differently; a transposed convolution is exported with "
                    + "equal padding on both sides");
        }
        f.assign(0, "torch.conv_transpose" + rank + "d(" + f.in(0) + ", " + f.weight(1) + ", " + f.optionalWeight(2)
                + ", " + ForwardBuilder.list(f.ints("strides").orElse(ones(rank))) + ", "
                + ForwardBuilder.list(symmetric(pads, rank)) + ", "
                + ForwardBuilder.list(f.ints("output_padding").orElse(new long[rank])) + ", "
                + f.integer("group", 1) + ", " + ForwardBuilder.list(f.ints("dilations").orElse(ones(rank))) + ")");
    }

    private static void pool(ForwardBuilder f, String kind) throws TorchScriptExportException {
        if (f.node().getOutputCount() > 1 && !f.node().getOutput(1).isEmpty()) {
            throw f.fail("returns indices; only the pooled values are exported");
        }
        long[] kernel = f.ints("kernel_shape").orElseThrow(() -> f.fail("has no kernel_shape"));
        int rank = rank(f, kernel);
        long[] pads = pads(f, kernel, rank);
        if (!isSymmetric(pads, rank)) {
            throw f.fail("pads the two sides of an axis differently (" + Arrays.toString(pads) + "); a pool is "
                    + "exported with equal padding on both sides");
        }
        long[] dilations = f.ints("dilations").orElse(ones(rank));
        String common = f.in(0) + ", " + ForwardBuilder.list(kernel) + ", "
                + ForwardBuilder.list(f.ints("strides").orElse(ones(rank))) + ", "
                + ForwardBuilder.list(symmetric(pads, rank));
        boolean ceil = f.integer("ceil_mode", 0) != 0;
        if (kind.equals("max")) {
            f.assign(0, "torch.max_pool" + rank + "d(" + common + ", " + ForwardBuilder.list(dilations) + ", "
                    + python(ceil) + ")");
            return;
        }
        if (Arrays.stream(dilations).anyMatch(d -> d != 1)) {
            throw f.fail("dilates its window; an average pool is exported without dilation");
        }
        f.assign(0, "torch.avg_pool" + rank + "d(" + common + ", " + python(ceil) + ", "
                + python(f.integer("count_include_pad", 0) != 0) + ")");
    }

    private static int rank(ForwardBuilder f, long[] kernel) throws TorchScriptExportException {
        if (kernel.length < 1 || kernel.length > 3) {
            throw f.fail("has a " + kernel.length + "-D window; 1-D to 3-D windows are exported");
        }
        return kernel.length;
    }

    /** ONNX's pads (all begins, then all ends), with auto_pad worked out where it does not depend on the input. */
    private static long[] pads(ForwardBuilder f, long[] kernel, int rank) throws TorchScriptExportException {
        String auto = f.text("auto_pad", "NOTSET");
        if (auto.equals("NOTSET")) {
            return f.ints("pads").orElse(new long[2 * rank]);
        }
        if (auto.equals("VALID")) {
            return new long[2 * rank];
        }
        long[] strides = f.ints("strides").orElse(ones(rank));
        long[] dilations = f.ints("dilations").orElse(ones(rank));
        if (Arrays.stream(strides).anyMatch(s -> s != 1)) {
            throw f.fail("uses auto_pad " + auto + " with a stride above 1, whose padding depends on the input's "
                    + "size; export the ONNX model with explicit pads");
        }
        long[] pads = new long[2 * rank];
        for (int i = 0; i < rank; i++) {
            long total = dilations[i] * (kernel[i] - 1);
            long small = total / 2;
            pads[i] = auto.equals("SAME_LOWER") ? total - small : small;
            pads[i + rank] = total - pads[i];
        }
        return pads;
    }

    /** Pads unequal sides first with {@code constant_pad_nd}, so the convolution pads the equal part. */
    private static String padded(ForwardBuilder f, String x, long[] pads, int rank, String value) {
        if (isSymmetric(pads, rank)) {
            return x;
        }
        long[] torch = new long[2 * rank];
        for (int i = 0; i < rank; i++) {
            int axis = rank - 1 - i;
            torch[2 * i] = pads[axis] - Math.min(pads[axis], pads[axis + rank]);
            torch[2 * i + 1] = pads[axis + rank] - Math.min(pads[axis], pads[axis + rank]);
        }
        String variable = f.define(f.node().getOutput(0) + "_padded");
        f.line(variable + " = torch.constant_pad_nd(" + x + ", " + ForwardBuilder.list(torch) + ", " + value + ")");
        return variable;
    }

    private static boolean isSymmetric(long[] pads, int rank) {
        for (int i = 0; i < rank; i++) {
            if (pads[i] != pads[i + rank]) {
                return false;
            }
        }
        return true;
    }

    /** The padding both sides share (the rest was padded before). */
    private static long[] symmetric(long[] pads, int rank) {
        long[] both = new long[rank];
        for (int i = 0; i < rank; i++) {
            both[i] = Math.min(pads[i], pads[i + rank]);
        }
        return both;
    }

    private static long[] ones(int rank) {
        long[] ones = new long[rank];
        Arrays.fill(ones, 1);
        return ones;
    }

    static String python(boolean value) {
        return value ? "True" : "False";
    }
}
