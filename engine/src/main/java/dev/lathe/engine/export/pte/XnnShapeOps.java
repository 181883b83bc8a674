package dev.lathe.engine.export.pte;

import java.util.Map;
import java.util.Optional;

/**
 * Quantize/dequantize pairs and the view ops. In a QDQ model an op's int8 output is {@code QuantizeLinear} then
 * {@code DequantizeLinear}: both become the one int8 value XNNPACK computes. Views keep an int8 value int8 when the
 * QuantizeLinear after them keeps its parameters.
 */
final class XnnShapeOps {
    static final int RESHAPE = 20;

    private XnnShapeOps() {
    }

    static void register(Map<String, XnnOp> ops) {
        ops.put("QuantizeLinear", new QuantDequant(true));
        ops.put("DequantizeLinear", new QuantDequant(false));
        ops.put("Flatten", XnnOp.always(p -> reshape(p, ShapeLowerings.flattened(p.ctx()))));
        ops.put("Reshape", XnnOp.when(ctx -> ctx.constant(1).isPresent(),
                p -> reshape(p, ShapeLowerings.reshaped(p.ctx()))));
        ops.put("Squeeze", XnnOp.when(ctx -> ctx.opset() < 13 || ctx.input(1).isEmpty()
                || ctx.constant(1).isPresent(), p -> reshape(p, ShapeLowerings.squeezed(p.ctx()))));
        ops.put("Unsqueeze", XnnOp.when(ctx -> ctx.opset() < 13 || ctx.constant(1).isPresent(),
                p -> reshape(p, ShapeLowerings.unsqueezed(p.ctx()))));
        ops.put("Transpose", XnnOp.always(XnnShapeOps::transpose));
    }

    /** Int8 when the input is int8 and the QuantizeLinear reading the output keeps its parameters, else fp32. */
    static XnnRep viewSource(XnnpackPartitioner p, XnnRep in) {
        Optional<XnnGraph.PerTensor> next = p.requantization(p.ctx().node().getOutput(0));
        return in.quantized() && next.equals(Optional.of(in.quant())) ? in : p.run().fp32(in);
    }

    private static void reshape(XnnpackPartitioner p, long[] shape) throws PteExportException {
        XnnRun run = p.run();
        XnnRep in = run.layout(viewSource(p, run.input(0)), false);
        XnnRep out = run.newValue(shape, false, in.quant());
        run.graph().node(RESHAPE, shape.length, shape, in.id(), out.id(), 0);
        run.define(p.ctx().node().getOutput(0), out);
    }

    private static void transpose(XnnpackPartitioner p) throws PteExportException {
        XnnRun run = p.run();
        long[] perm = ShapeLowerings.permutation(p.ctx());
        XnnRep in = run.layout(viewSource(p, run.input(0)), false);
        XnnRep out = run.newValue(XnnRep.permute(in.shape(), perm), false, in.quant());
        run.graph().node(XnnRun.TRANSPOSE, perm.length, perm, in.id(), out.id(), 0);
        run.define(p.ctx().node().getOutput(0), out);
    }

    /** QuantizeLinear and DequantizeLinear on activations, per tensor. */
    private record QuantDequant(boolean quantize) implements XnnOp {
        @Override
        public boolean claims(XnnpackPartitioner p) {
            LoweringContext ctx = p.ctx();
            boolean ofConstant = ctx.input(0).flatMap(ctx::constantNamed).isPresent();
            return !ofConstant && p.quantParams(ctx.node()).isPresent();
        }

        @Override
        public void lower(XnnpackPartitioner p) throws PteExportException {
            XnnRun run = p.run();
            XnnRep in = run.input(0);
            String out = p.ctx().node().getOutput(0);
            if (quantize) {
                run.define(out, run.quantized(in, p.quantParams(p.ctx().node()).orElseThrow()));
            } else {
                // An int8 value is its own dequantized form here; an fp32 one already holds the dequantized values
                // (an earlier run handed it over as fp32).
                run.define(out, in);
            }
        }
    }
}
