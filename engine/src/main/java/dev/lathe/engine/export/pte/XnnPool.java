package dev.lathe.engine.export.pte;

/**
 * A MaxPool's or AveragePool's 2-D window as XNNPACK takes it: explicit pads ({@code [top, left, bottom, right]}),
 * each stride at most the kernel, no ceil mode that changes the output size, and for average pools padding left out
 * of the count (XNNPACK never counts it).
 */
record XnnPool(long[] kernel, long[] strides, long[] pads, long[] dilations, boolean ceil) {

    static XnnPool of(LoweringContext ctx) {
        Attributes a = ctx.attributes();
        return new XnnPool(a.ints("kernel_shape", new long[0]), a.ints("strides", new long[] {1, 1}),
                a.ints("pads", new long[4]), a.ints("dilations", new long[] {1, 1}), a.integer("ceil_mode", 0) != 0);
    }

    static boolean fits(LoweringContext ctx, boolean max) throws PteExportException {
        Attributes a = ctx.attributes();
        String autoPad = a.text("auto_pad", "NOTSET");
        XnnPool pool = of(ctx);
        long[] x = ctx.shape(0);
        if (x.length != 4 || pool.kernel.length != 2 || pool.pads.length != 4 || pool.kernel[0] * pool.kernel[1] < 2
                || !(autoPad.equals("NOTSET") || autoPad.equals("VALID"))
                || pool.strides[0] > pool.kernel[0] || pool.strides[1] > pool.kernel[1]) {
            return false;
        }
        boolean ceilChangesNothing = !pool.ceil || java.util.Arrays.equals(pool.output(x),
                new XnnPool(pool.kernel, pool.strides, pool.pads, pool.dilations, false).output(x));
        if (max) {
            boolean onlyValues = ctx.node().getOutputCount() < 2 || ctx.node().getOutput(1).isEmpty();
            return ceilChangesNothing && onlyValues && a.integer("storage_order", 0) == 0;
        }
        boolean padsCounted = a.integer("count_include_pad", 0) != 0
                && java.util.Arrays.stream(pool.pads).anyMatch(v -> v != 0);
        return ceilChangesNothing && !padsCounted && pool.dilations[0] == 1 && pool.dilations[1] == 1;
    }

    long[] output(long[] x) {
        long[] out = {x[0], x[1], 0, 0};
        for (int i = 0; i < 2; i++) {
            long span = x[i + 2] + pads[i] + pads[i + 2] - dilations[i] * (kernel[i] - 1) - 1;
            out[i + 2] = (ceil ? Math.floorDiv(span + strides[i] - 1, strides[i]) : Math.floorDiv(span, strides[i]))
                    + 1;
        }
        return out;
    }
}
