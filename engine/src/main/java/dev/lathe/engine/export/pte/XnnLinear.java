package dev.lathe.engine.export.pte;

import java.util.Arrays;
import java.util.Optional;

/**
 * Gemm and MatMul by a constant matrix as XNNPACK's fully connected node: the filter is stored [out, in]
 * (transposed at export where ONNX has it [in, out]); alpha and beta are folded into the constants in fp32.
 */
final class XnnLinear {
    private static final int FULLY_CONNECTED = 2;
    private static final long[] SWAP = {1, 0};
    private static final long[] KEEP = {0, 1};

    private XnnLinear() {
    }

    static boolean gemmFits(LoweringContext ctx) throws PteExportException {
        Attributes a = ctx.attributes();
        Optional<OnnxConstant> b = XnnConvOps.constant(ctx, 1);
        if (a.integer("transA", 0) != 0 || ctx.shape(0).length != 2 || XnnConvOps.constant(ctx, 0).isPresent()
                || b.isEmpty() || b.get().shape().length != 2) {
            return false;
        }
        long n = a.integer("transB", 0) != 0 ? b.get().shape()[0] : b.get().shape()[1];
        return ctx.input(2).isEmpty() || XnnConvOps.constant(ctx, 2)
                .map(c -> Shapes.elements(c.shape()) == n && c.shape()[c.shape().length - 1] == n).orElse(false);
    }

    static boolean matMulFits(LoweringContext ctx) throws PteExportException {
        return ctx.shape(0).length >= 2 && XnnConvOps.constant(ctx, 0).isEmpty()
                && XnnConvOps.constant(ctx, 1).map(c -> c.shape().length == 2).orElse(false);
    }

    static void gemm(XnnpackPartitioner p) throws PteExportException {
        Attributes a = p.ctx().attributes();
        boolean transB = a.integer("transB", 0) != 0;
        float alpha = a.real("alpha", 1f);
        float beta = a.real("beta", 1f);
        fullyConnected(p, transB ? KEEP : SWAP, alpha, beta);
    }

    static void matMul(XnnpackPartitioner p) throws PteExportException {
        fullyConnected(p, SWAP, 1f, 1f);
    }

    /** {@code perm} turns the ONNX matrix into XNNPACK's [out, in] filter. */
    private static void fullyConnected(XnnpackPartitioner p, long[] perm, float alpha, float beta)
            throws PteExportException {
        LoweringContext ctx = p.ctx();
        XnnRun run = p.run();
        OnnxConstant weight = XnnConvOps.constant(ctx, 1).orElseThrow();
        long[] filterShape = XnnRep.permute(weight.shape(), perm);
        int outAxis = (int) perm[0];
        XnnRep in = run.layout(run.input(0), false);
        Optional<XnnGraph.PerTensor> outQuant = p.requantization(ctx.node().getOutput(0));
        Optional<QuantizedConstant> qw = p.quantizedConstant(1).filter(q -> q.symmetricInt8Along(outAxis));
        boolean int8 = in.quantized() && outQuant.isPresent() && qw.isPresent() && alpha == 1f && beta == 1f;
        in = int8 ? in : run.fp32(in);
        int filter = int8 ? XnnConvOps.int8Weights(run, qw.get(), perm, 0)
                : perm == KEEP && alpha == 1f ? run.graph().constant(XnnGraph.Datatype.FP32, filterShape, null,
                        weight.data()) // taken as stored: no copy of the weights is held until the file is written
                : XnnConvOps.floatWeights(run, weight.floats(), weight.shape(), perm, alpha);
        int bias = XnnConvOps.bias(p, 2, int8 ? in.quant().scale() : 0, int8 ? qw.get().scales() : null, beta);
        long[] out = Arrays.copyOf(in.shape(), in.shape().length);
        out[out.length - 1] = filterShape[0];
        XnnRep result = run.newValue(out, false, int8 ? outQuant.get() : null);
        run.graph().node(FULLY_CONNECTED, in.id(), filter, bias, result.id(), 0);
        run.define(ctx.node().getOutput(0), result);
    }
}
