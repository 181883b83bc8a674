package dev.lathe.engine.export.pte;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Optional;

/**
 * Convolutions, fully connected layers (Gemm, MatMul by a constant) and pools. Convolutions and pools run
 * channels-last, as XNNPACK's kernels do; their filters are permuted at export (OHWI, depthwise 1HWO). With an int8
 * input, int8 per-channel symmetric weights and a QuantizeLinear after, they run int8 (qint8 activations, qcint8
 * weights, qcint32 bias at input scale × weight scale); otherwise fp32.
 */
final class XnnConvOps {
    private static final int CONV = 7;
    private static final int AVERAGE_POOL = 11;
    private static final int DEPTHWISE_CONV = 13;
    private static final int MAX_POOL = 14;
    private static final int GLOBAL_AVERAGE_POOL = 19;
    /** XNNPACK's {@code XNN_FLAG_KEEP_DIMS}: the pooled dimensions stay, as size 1. */
    private static final int KEEP_DIMS = 0x40;

    private XnnConvOps() {
    }

    static void register(Map<String, XnnOp> ops) {
        ops.put("Conv", XnnOp.when(XnnConvOps::convFits, XnnConvOps::conv));
        ops.put("Gemm", XnnOp.when(XnnLinear::gemmFits, XnnLinear::gemm));
        ops.put("MatMul", XnnOp.when(XnnLinear::matMulFits, XnnLinear::matMul));
        ops.put("MaxPool", XnnOp.when(ctx -> XnnPool.fits(ctx, true), p -> pool(p, MAX_POOL)));
        ops.put("AveragePool", XnnOp.when(ctx -> XnnPool.fits(ctx, false), p -> pool(p, AVERAGE_POOL)));
        ops.put("GlobalAveragePool", XnnOp.when(ctx -> ctx.shape(0).length == 4, XnnConvOps::globalAveragePool));
    }

    static Optional<OnnxConstant> constant(LoweringContext ctx, int i) {
        return ctx.input(i).flatMap(ctx::constantNamed).filter(OnnxConstant::isFloat);
    }

    private static boolean convFits(LoweringContext ctx) throws PteExportException {
        String autoPad = ctx.attributes().text("auto_pad", "NOTSET");
        return ctx.shape(0).length == 4 && constant(ctx, 1).map(c -> c.shape().length == 4).orElse(false)
                && (ctx.input(2).isEmpty() || constant(ctx, 2).isPresent())
                && (autoPad.equals("NOTSET") || autoPad.equals("VALID"));
    }

    private static void conv(XnnpackPartitioner p) throws PteExportException {
        LoweringContext ctx = p.ctx();
        XnnRun run = p.run();
        Attributes a = ctx.attributes();
        long[] x = ctx.shape(0);
        OnnxConstant weight = constant(ctx, 1).orElseThrow();
        long[] w = weight.shape();
        long groups = a.integer("group", 1);
        long[] pads = a.ints("pads", new long[4]);
        long[] strides = a.ints("strides", new long[] {1, 1});
        long[] dilations = a.ints("dilations", new long[] {1, 1});
        long[] out = {x[0], w[0], 0, 0};
        for (int i = 0; i < 2; i++) {
            out[i + 2] = (x[i + 2] + pads[i] + pads[i + 2] - dilations[i] * (w[i + 2] - 1) - 1) / strides[i] + 1;
        }
        boolean depthwise = groups > 1 && w[1] == 1;
        XnnRep in = run.input(0);
        Optional<XnnGraph.PerTensor> outQuant = p.requantization(ctx.node().getOutput(0));
        Optional<QuantizedConstant> qw = p.quantizedConstant(1)
                .filter(q -> q.symmetricInt8Along(0) && q.scales().length == w[0]);
        boolean int8 = in.quantized() && outQuant.isPresent() && qw.isPresent();
        in = run.layout(int8 ? in : run.fp32(in), true);
        long[] perm = depthwise ? new long[] {1, 2, 3, 0} : XnnRep.TO_NHWC;
        int filter = int8 ? int8Weights(run, qw.get(), perm, depthwise ? 3 : 0)
                : floatWeights(run, weight.floats(), w, perm, 1f);
        int bias = bias(p, 2, int8 ? in.quant().scale() : 0, int8 ? qw.get().scales() : null, 1f);
        XnnRep result = run.newValue(out, true, int8 ? outQuant.get() : null);
        run.graph().node(depthwise ? DEPTHWISE_CONV : CONV, (int) pads[0], (int) pads[3], (int) pads[2],
                (int) pads[1], (int) w[2], (int) w[3], (int) strides[0], (int) strides[1], (int) dilations[0],
                (int) dilations[1], (int) (depthwise ? 1 : w[1]), (int) (w[0] / groups), (int) groups, 0, 0,
                in.id(), filter, bias, result.id(), 0);
        run.define(ctx.node().getOutput(0), result);
    }

    /** Float weights of {@code shape} transposed by {@code perm}, each multiplied by {@code factor}. */
    static int floatWeights(XnnRun run, float[] values, long[] shape, long[] perm, float factor) {
        int[] source = Shapes.transposedIndex(shape, perm);
        float[] data = new float[source.length];
        for (int i = 0; i < data.length; i++) {
            data[i] = values[source[i]] * factor;
        }
        return run.graph().constant(XnnGraph.Datatype.FP32, XnnRep.permute(shape, perm), null,
                OnnxConstant.bytes(data));
    }

    /** Int8 weights transposed by {@code perm}, per-channel along {@code channelDim} of the permuted shape. */
    static int int8Weights(XnnRun run, QuantizedConstant q, long[] perm, int channelDim) {
        int[] source = Shapes.transposedIndex(q.shape(), perm);
        byte[] data = new byte[source.length];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) q.values()[source[i]];
        }
        return run.graph().constant(XnnGraph.Datatype.QCINT8, XnnRep.permute(q.shape(), perm),
                new XnnGraph.PerChannel(q.scales().clone(), channelDim), data);
    }

    /**
     * Input {@code i} as a bias: absent gives XNNPACK's invalid id; fp32 scaled by {@code factor}; with weight
     * scales, int32 per channel at input scale × weight scale, rounded from the float values.
     */
    static int bias(XnnpackPartitioner p, int i, float inputScale, float[] weightScales, float factor) {
        Optional<OnnxConstant> c = constant(p.ctx(), i);
        if (c.isEmpty()) {
            return XnnGraph.INVALID_ID;
        }
        float[] b = c.get().floats();
        long[] dims = {b.length};
        if (weightScales == null) {
            float[] scaled = new float[b.length];
            for (int k = 0; k < b.length; k++) {
                scaled[k] = b[k] * factor;
            }
            return p.run().graph().constant(XnnGraph.Datatype.FP32, dims, null, OnnxConstant.bytes(scaled));
        }
        float[] scales = new float[b.length];
        ByteBuffer data = ByteBuffer.allocate(b.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < b.length; k++) {
            scales[k] = inputScale * weightScales[weightScales.length == 1 ? 0 : k];
            data.putInt((int) Math.rint(b[k] / scales[k]));
        }
        return p.run().graph().constant(XnnGraph.Datatype.QCINT32, dims, new XnnGraph.PerChannel(scales, 0),
                data.array());
    }

    private static void pool(XnnpackPartitioner p, int tag) throws PteExportException {
        LoweringContext ctx = p.ctx();
        XnnRun run = p.run();
        XnnPool pool = XnnPool.of(ctx);
        XnnRep in = run.input(0);
        in = run.layout(tag == MAX_POOL ? XnnShapeOps.viewSource(p, in) : run.fp32(in), true);
        XnnRep out = run.newValue(pool.output(ctx.shape(0)), true, in.quant());
        run.graph().node(tag, (int) pool.pads()[0], (int) pool.pads()[3], (int) pool.pads()[2],
                (int) pool.pads()[1], (int) pool.kernel()[0], (int) pool.kernel()[1], (int) pool.strides()[0],
                (int) pool.strides()[1], (int) pool.dilations()[0], (int) pool.dilations()[1], in.id(), out.id(), 0);
        run.define(ctx.node().getOutput(0), out);
    }

    private static void globalAveragePool(XnnpackPartitioner p) throws PteExportException {
        XnnRun run = p.run();
        XnnRep in = run.layout(run.fp32(run.input(0)), true);
        long[] x = in.shape();
        XnnRep out = run.newValue(new long[] {x[0], x[1], 1, 1}, true, null);
        run.graph().node(GLOBAL_AVERAGE_POOL, in.id(), out.id(), KEEP_DIMS);
        run.define(p.ctx().node().getOutput(0), out);
    }
}
