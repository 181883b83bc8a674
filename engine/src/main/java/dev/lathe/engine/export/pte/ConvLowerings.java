package dev.lathe.engine.export.pte;

import java.util.Map;

/** Convolutions, pooling and batch norm over NCHW images, onto {@code aten::convolution} and the pool kernels. */
final class ConvLowerings {
    private ConvLowerings() {
    }

    static void register(Map<String, NodeLowering> ops) {
        ops.put("Conv", ctx -> conv(ctx, false));
        ops.put("ConvTranspose", ctx -> conv(ctx, true));
        ops.put("MaxPool", ConvLowerings::maxPool);
        ops.put("AveragePool", ConvLowerings::averagePool);
        ops.put("GlobalAveragePool", ConvLowerings::globalAveragePool);
        ops.put("BatchNormalization", ConvLowerings::batchNorm);
    }

    /** The 2-D window of a Conv or pool node: kernel, strides, symmetric pads, dilations. */
    private record Window(long[] kernel, long[] strides, long[] pads, long[] dilations) {
        static Window of(LoweringContext ctx, long[] kernel) throws PteExportException {
            Attributes a = ctx.attributes();
            String autoPad = a.text("auto_pad", "NOTSET");
            if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
                throw ctx.fail("uses auto_pad=" + autoPad + "; export it with explicit pads");
            }
            long[] pads = a.ints("pads", new long[4]);
            if (kernel.length != 2 || pads.length != 4) {
                throw ctx.fail("is " + kernel.length + "-D; only 2-D (NCHW) windows are exported");
            }
            if (pads[0] != pads[2] || pads[1] != pads[3]) {
                throw ctx.fail("has asymmetric pads " + java.util.Arrays.toString(pads)
                        + "; only symmetric padding is exported");
            }
            return new Window(kernel, a.ints("strides", new long[] {1, 1}), new long[] {pads[0], pads[1]},
                    a.ints("dilations", new long[] {1, 1}));
        }

        long out(int axis, long in, boolean ceil) {
            long span = in + 2 * pads[axis] - dilations[axis] * (kernel[axis] - 1) - 1;
            long steps = ceil ? Math.floorDiv(span + strides[axis] - 1, strides[axis])
                    : Math.floorDiv(span, strides[axis]);
            long out = steps + 1;
            // PyTorch's rule: with ceil_mode the last window must start inside the input or left padding.
            if (ceil && (out - 1) * strides[axis] >= in + pads[axis]) {
                out--;
            }
            return out;
        }
    }

    private static void conv(LoweringContext ctx, boolean transposed) throws PteExportException {
        int input = ctx.tensor(0);
        int weight = ctx.tensor(1);
        int bias = ctx.input(2).isPresent() ? ctx.tensor(2) : ctx.program().none();
        convolution(ctx, transposed, input, weight, bias);
    }

    /**
     * {@code aten::convolution} of the values given, with the shapes of the node's inputs 0 and 1 and its attributes
     * (ConvInteger passes its operands as float tensors, see {@link DynamicQuantLowerings}).
     */
    static void convolution(LoweringContext ctx, boolean transposed, int input, int weight, int bias)
            throws PteExportException {
        long[] x = ctx.shape(0);
        long[] w = ctx.shape(1);
        if (x.length != 4) {
            throw ctx.fail("has a " + x.length + "-D input; only NCHW convolutions are exported");
        }
        Attributes a = ctx.attributes();
        Window win = Window.of(ctx, new long[] {w[2], w[3]});
        long groups = a.integer("group", 1);
        long[] outputPadding = a.ints("output_padding", new long[] {0, 0});
        long[] out;
        if (transposed) {
            if (a.has("output_shape")) {
                throw ctx.fail("sets output_shape; export it with pads and output_padding instead");
            }
            out = new long[] {x[0], w[1] * groups, 0, 0};
            for (int i = 0; i < 2; i++) {
                out[i + 2] = (x[i + 2] - 1) * win.strides[i] - 2 * win.pads[i]
                        + win.dilations[i] * (win.kernel[i] - 1) + outputPadding[i] + 1;
            }
        } else {
            out = new long[] {x[0], w[0], win.out(0, x[2], false), win.out(1, x[3], false)};
        }
        ProgramBuilder p = ctx.program();
        int stride = ctx.ints(win.strides);
        int padding = ctx.ints(win.pads);
        int dilation = ctx.ints(win.dilations);
        int transposedFlag = p.bool(transposed);
        int outPad = ctx.ints(outputPadding);
        int groupCount = p.integer(groups);
        int result = ctx.output(0, out);
        p.call("aten::convolution", "out", input, weight, bias, stride, padding, dilation, transposedFlag, outPad,
                groupCount, result, result);
    }

    private static void maxPool(LoweringContext ctx) throws PteExportException {
        if (ctx.node().getOutputCount() > 1 && !ctx.node().getOutput(1).isEmpty()) {
            throw ctx.fail("returns indices; only MaxPool's values are exported");
        }
        long[] x = ctx.shape(0);
        Attributes a = ctx.attributes();
        Window win = Window.of(ctx, a.ints("kernel_shape", new long[0]));
        boolean ceil = a.integer("ceil_mode", 0) != 0;
        if (a.integer("storage_order", 0) != 0) {
            throw ctx.fail("uses column-major storage_order; only the default is exported");
        }
        long[] out = {x[0], x[1], win.out(0, x[2], ceil), win.out(1, x[3], ceil)};
        ProgramBuilder p = ctx.program();
        int input = ctx.tensor(0);
        int kernel = ctx.ints(win.kernel);
        int stride = ctx.ints(win.strides);
        int padding = ctx.ints(win.pads);
        int dilation = ctx.ints(win.dilations);
        int ceilMode = p.bool(ceil);
        int result = ctx.output(0, out);
        int indices = ctx.scratch(ScalarType.LONG, out);
        p.call("aten::max_pool2d_with_indices", "out", input, kernel, stride, padding, dilation, ceilMode, result,
                indices, p.returned(result, indices));
    }

    private static void averagePool(LoweringContext ctx) throws PteExportException {
        long[] x = ctx.shape(0);
        Attributes a = ctx.attributes();
        Window win = Window.of(ctx, a.ints("kernel_shape", new long[0]));
        if (win.dilations[0] != 1 || win.dilations[1] != 1) {
            throw ctx.fail("uses dilations; avg_pool2d has none");
        }
        boolean ceil = a.integer("ceil_mode", 0) != 0;
        long[] out = {x[0], x[1], win.out(0, x[2], ceil), win.out(1, x[3], ceil)};
        ProgramBuilder p = ctx.program();
        int input = ctx.tensor(0);
        int kernel = ctx.ints(win.kernel);
        int stride = ctx.ints(win.strides);
        int padding = ctx.ints(win.pads);
        int ceilMode = p.bool(ceil);
        int countPad = p.bool(a.integer("count_include_pad", 0) != 0);
        int divisor = p.none();
        int result = ctx.output(0, out);
        p.call("aten::avg_pool2d", "out", input, kernel, stride, padding, ceilMode, countPad, divisor, result,
                result);
    }

    private static void globalAveragePool(LoweringContext ctx) throws PteExportException {
        long[] x = ctx.shape(0);
        long[] out = x.clone();
        long[] dims = new long[x.length - 2];
        for (int i = 2; i < x.length; i++) {
            out[i] = 1;
            dims[i - 2] = i;
        }
        ElementwiseLowerings.mean(ctx, dims, true, out);
    }

    private static void batchNorm(LoweringContext ctx) throws PteExportException {
        if (ctx.attributes().integer("training_mode", 0) != 0) {
            throw ctx.fail("is in training mode; export the model in inference mode");
        }
        long[] x = ctx.shape(0);
        ProgramBuilder p = ctx.program();
        int input = ctx.tensor(0);
        int scale = ctx.tensor(1);
        int bias = ctx.tensor(2);
        int mean = ctx.tensor(3);
        int var = ctx.tensor(4);
        int momentum = p.real(ctx.attributes().real("momentum", 0.9f));
        int eps = p.real(ctx.attributes().real("epsilon", 1e-5f));
        int result = ctx.output(0, x);
        // The no-training kernel resizes its saved mean and inverse std to empty tensors.
        int savedMean = ctx.scratch(ScalarType.FLOAT, new long[] {0});
        int savedInvStd = ctx.scratch(ScalarType.FLOAT, new long[] {0});
        p.call("aten::_native_batch_norm_legit_no_training", "out", input, scale, bias, mean, var, momentum, eps,
                result, savedMean, savedInvStd, p.returned(result, savedMean, savedInvStd));
    }
}
