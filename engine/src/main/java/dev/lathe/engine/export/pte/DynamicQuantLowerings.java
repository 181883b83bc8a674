package dev.lathe.engine.export.pte;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Dynamic int8 (Lathe's dynamic quantization, as ONNX Runtime runs it) onto portable and {@code quantized_decomposed}
 * kernels, the way ExecuTorch's Edge dialect writes dynamic quantization: an activation's parameters are chosen at
 * run time ({@code choose_qparams.tensor}), it is quantized and dequantized per tensor, int8 weights are constants
 * dequantized per channel or per tensor where they are read, and the product runs in float.
 * <ul>
 *   <li>{@code DynamicQuantizeLinear} → {@code choose_qparams} (uint8, scale and zero point as ExecuTorch's double and
 *   int64 tensors) + {@code quantize_per_tensor.Tensor}; the scale is also copied to float32 for the Muls that
 *   scale integer sums.</li>
 *   <li>{@code ConvInteger} and {@code MatMulInteger} → their float equivalent: each operand dequantized with scale 1
 *   (its integers minus its zero point, exact in float32), then a float convolution or matrix product. Its sums
 *   are exact while they stay below 2^24 and within float32's rounding beyond; the Cast to float that follows is a
 *   copy.</li>
 *   <li>{@code com.microsoft.DynamicQuantizeMatMul} → quantize/dequantize of the activation with its chosen
 *   parameters, the weight dequantized with its scales, {@code addmm}.</li>
 *   <li>{@code com.microsoft.MatMulIntegerToFloat} → the integer product's float equivalent times the activation's
 *   scale, plus the bias.</li>
 * </ul>
 * The XNNPACK delegate takes none of this here: a dynamic int8 model is exported on portable kernels whatever the
 * delegate asked (the export says so, see {@link OnnxToPte}).
 */
final class DynamicQuantLowerings {
    /** ONNX Runtime's contrib ops that Lathe's dynamic quantization writes. */
    static final Set<String> MICROSOFT_OPS = Set.of("DynamicQuantizeMatMul", "MatMulIntegerToFloat");
    /** Every op of dynamic quantization, for the export to know a dynamic int8 model. */
    static final Set<String> OPS = Set.of("DynamicQuantizeLinear", "ConvInteger", "MatMulInteger",
            "DynamicQuantizeMatMul", "MatMulIntegerToFloat");
    private static final QuantLowerings.Grid UINT8 = QuantLowerings.Grid.of(ScalarType.BYTE);
    private static final double EPS = Math.ulp(1.0f);

    private DynamicQuantLowerings() {
    }

    static void register(Map<String, NodeLowering> ops) {
        ops.put("DynamicQuantizeLinear", DynamicQuantLowerings::dynamicQuantizeLinear);
        ops.put("ConvInteger", DynamicQuantLowerings::convInteger);
        ops.put("MatMulInteger", DynamicQuantLowerings::matMulInteger);
        ops.put("DynamicQuantizeMatMul", DynamicQuantLowerings::dynamicQuantizeMatMul);
        ops.put("MatMulIntegerToFloat", DynamicQuantLowerings::matMulIntegerToFloat);
    }

    /** The uint8 tensor and its parameters: ExecuTorch's double scale and int64 zero point, both of one element. */
    private record Quantized(int values, int scale, int zeroPoint) {
    }

    /** choose_qparams then quantize_per_tensor.Tensor of {@code x}, into the tensors given (or new ones). */
    private static Quantized quantize(LoweringContext ctx, int x, long[] shape, Optional<Integer> into,
            Optional<Integer> zeroPointInto) {
        ProgramBuilder p = ctx.program();
        int scale = ctx.scratch(ScalarType.DOUBLE, new long[0]);
        int zeroPoint = zeroPointInto.orElseGet(() -> ctx.scratch(ScalarType.LONG, new long[0]));
        p.call("quantized_decomposed::choose_qparams", "Tensor_out", x, p.integer(UINT8.min()),
                p.integer(UINT8.max()), p.real(EPS), p.integer(ScalarType.BYTE.code()), scale, zeroPoint,
                p.returned(scale, zeroPoint));
        int q = into.orElseGet(() -> ctx.scratch(ScalarType.BYTE, shape));
        p.call("quantized_decomposed::quantize_per_tensor", "Tensor_out", x, scale, zeroPoint,
                p.integer(UINT8.min()), p.integer(UINT8.max()), p.integer(ScalarType.BYTE.code()), q, q);
        return new Quantized(q, scale, zeroPoint);
    }

    private static void dynamicQuantizeLinear(LoweringContext ctx) throws PteExportException {
        long[] shape = ctx.shape(0);
        if (ctx.type(0) != ScalarType.FLOAT) {
            throw ctx.fail("quantizes a tensor that is not float32");
        }
        int x = ctx.tensor(0);
        int values = ctx.output(0, shape, ScalarType.BYTE);
        int zeroPoint = ctx.output(2, new long[0], ScalarType.LONG);
        Quantized q = quantize(ctx, x, shape, Optional.of(values), Optional.of(zeroPoint));
        int scale = ctx.output(1, new long[0], ScalarType.FLOAT);
        IndexLowerings.toCopy(ctx, q.scale(), scale);
    }

    /**
     * Input {@code i}'s integers minus its zero point (input {@code zeroPointInput}, absent is 0), as a float tensor:
     * an activation's zero point is DynamicQuantizeLinear's int64 tensor or a constant; a constant operand (a
     * weight) stays an int8/uint8 constant, dequantized per tensor or, with one zero point per index of
     * {@code channelAxis}, per channel.
     */
    private static int centered(LoweringContext ctx, int i, int zeroPointInput, int channelAxis)
            throws PteExportException {
        long[] shape = ctx.shape(i);
        ScalarType type = ctx.type(i);
        if (type != ScalarType.BYTE && type != ScalarType.CHAR) {
            throw ctx.fail("reads a " + type.name().toLowerCase(java.util.Locale.ROOT) + " tensor as input " + i
                    + "; int8 and uint8 are exported");
        }
        QuantLowerings.Grid grid = QuantLowerings.Grid.of(type);
        int x = ctx.storedConstant(ctx.inputName(i));
        int out = ctx.scratch(ScalarType.FLOAT, shape);
        ProgramBuilder p = ctx.program();
        Optional<String> zp = ctx.input(zeroPointInput);
        if (zp.isPresent() && ctx.constant(zeroPointInput).isEmpty()) {
            int zeroPoint = ctx.tensor(zeroPointInput);
            if (p.tensor(zeroPoint).type() != ScalarType.LONG || p.tensor(zeroPoint).elements() != 1) {
                throw ctx.fail("reads a zero point computed by a node other than DynamicQuantizeLinear");
            }
            int one = p.constant(ScalarType.DOUBLE, List.of(), QuantLowerings.doubles(new float[] {1}));
            p.call("quantized_decomposed::dequantize_per_tensor", "Tensor_out", x, one, zeroPoint,
                    p.integer(grid.min()), p.integer(grid.max()), p.integer(type.code()), p.none(), out, out);
            return out;
        }
        int[] zeroPoints = zp.isPresent() ? ctx.requireConstant(zeroPointInput, "zero point").integers() : new int[1];
        if (zeroPoints == null) {
            throw ctx.fail("has a zero point that is not an integer");
        }
        if (zeroPoints.length > 1 && (channelAxis < 0 || shape[channelAxis] != zeroPoints.length)) {
            throw ctx.fail("has " + zeroPoints.length + " zero points for input " + i + " of shape "
                    + Shapes.text(shape) + "; one, or one per output channel, is exported");
        }
        float[] ones = new float[zeroPoints.length];
        Arrays.fill(ones, 1f);
        QuantLowerings.dequantize(ctx, x, ones, zeroPoints, Math.max(channelAxis, 0), grid, out);
        return out;
    }

    private static void convInteger(LoweringContext ctx) throws PteExportException {
        int x = centered(ctx, 0, 2, -1);
        int w = centered(ctx, 1, 3, 0);
        ConvLowerings.convolution(ctx, false, x, w, ctx.program().none());
    }

    private static void matMulInteger(LoweringContext ctx) throws PteExportException {
        int a = centered(ctx, 0, 2, -1);
        int b = centered(ctx, 1, 3, ctx.shape(1).length - 1);
        product(ctx, a, ctx.shape(0), b, ctx.shape(1), Optional.empty(), true);
    }

    /** A (float) quantized per tensor on the fly × B (int8, scales per column or one) + bias. */
    private static void dynamicQuantizeMatMul(LoweringContext ctx) throws PteExportException {
        long[] shape = ctx.shape(0);
        if (ctx.type(0) != ScalarType.FLOAT) {
            throw ctx.fail("multiplies a tensor that is not float32");
        }
        Quantized q = quantize(ctx, ctx.tensor(0), shape, Optional.empty(), Optional.empty());
        ProgramBuilder p = ctx.program();
        int a = ctx.scratch(ScalarType.FLOAT, shape);
        p.call("quantized_decomposed::dequantize_per_tensor", "Tensor_out", q.values(), q.scale(), q.zeroPoint(),
                p.integer(UINT8.min()), p.integer(UINT8.max()), p.integer(ScalarType.BYTE.code()), p.none(), a, a);
        int b = weight(ctx, 1, 2, 3);
        Optional<Integer> bias = ctx.input(4).isPresent() ? Optional.of(ctx.tensor(4)) : Optional.empty();
        product(ctx, a, shape, b, ctx.shape(1), bias, true);
    }

    /** A (uint8) × B (int8) as integers, scaled by A's and B's scales, plus the bias. */
    private static void matMulIntegerToFloat(LoweringContext ctx) throws PteExportException {
        long[] aShape = ctx.shape(0);
        int a = centered(ctx, 0, 4, -1);
        int b = weight(ctx, 1, 3, 5);
        int sums = product(ctx, a, aShape, b, ctx.shape(1), Optional.empty(), false);
        long[] out = outShape(ctx, aShape, ctx.shape(1));
        ProgramBuilder p = ctx.program();
        int scale = ctx.tensor(2);
        boolean bias = ctx.input(6).isPresent();
        int scaled = bias ? ctx.scratch(ScalarType.FLOAT, out) : ctx.output(0, out, ScalarType.FLOAT);
        p.call("aten::mul", "out", sums, scale, scaled, scaled);
        if (bias) {
            int b6 = ctx.tensor(6);
            int result = ctx.output(0, out, ScalarType.FLOAT);
            p.call("aten::add", "out", scaled, b6, p.integer(1), result, result);
        }
    }

    /** Input {@code i}, an int8/uint8 constant [K, N], dequantized with its scales (one, or one per column). */
    private static int weight(LoweringContext ctx, int i, int scaleInput, int zeroPointInput)
            throws PteExportException {
        long[] shape = ctx.shape(i);
        OnnxConstant w = ctx.requireConstant(i, "weight");
        if (shape.length != 2 || !w.isQuantizedInteger() || w.onnxType() == OnnxConstant.ONNX_INT32) {
            throw ctx.fail("needs an int8 or uint8 weight matrix as input " + i);
        }
        float[] scales = ctx.requireConstant(scaleInput, "weight scale").floats();
        int[] zeroPoints = ctx.input(zeroPointInput).isPresent()
                ? ctx.requireConstant(zeroPointInput, "weight zero point").integers() : new int[scales.length];
        if (scales == null || (scales.length != 1 && scales.length != shape[1]) || zeroPoints.length != scales.length) {
            throw ctx.fail("has weight scales or zero points that are neither one nor one per column");
        }
        int out = ctx.scratch(ScalarType.FLOAT, shape);
        QuantLowerings.dequantize(ctx, ctx.storedConstant(ctx.inputName(i)), scales, zeroPoints, 1,
                QuantLowerings.Grid.of(w.storedType()), out);
        return out;
    }

    private static long[] outShape(LoweringContext ctx, long[] a, long[] b) throws PteExportException {
        if (a.length < 2 || b.length != 2 || a[a.length - 1] != b[0]) {
            throw ctx.fail("multiplies " + Shapes.text(a) + " by " + Shapes.text(b) + "; N-D × 2-D is exported");
        }
        long[] out = a.clone();
        out[out.length - 1] = b[1];
        return out;
    }

    /** {@code a × b (+ bias)} in float, N-D × 2-D through a 2-D view; the node's output or a scratch tensor. */
    private static int product(LoweringContext ctx, int a, long[] aShape, int b, long[] bShape,
            Optional<Integer> bias, boolean isOutput) throws PteExportException {
        long[] out = outShape(ctx, aShape, bShape);
        long rows = Shapes.elements(aShape) / aShape[aShape.length - 1];
        long[] flat = {rows, bShape[1]};
        ProgramBuilder p = ctx.program();
        int left = a;
        if (aShape.length > 2) {
            left = ctx.scratch(ScalarType.FLOAT, new long[] {rows, bShape[0]});
            p.call("aten::view_copy", "out", a, ctx.ints(rows, bShape[0]), left, left);
        }
        boolean direct = aShape.length == 2;
        int result = direct ? (isOutput ? ctx.output(0, out, ScalarType.FLOAT) : ctx.scratch(ScalarType.FLOAT, out))
                : ctx.scratch(ScalarType.FLOAT, flat);
        if (bias.isPresent()) {
            p.call("aten::addmm", "out", bias.get(), left, b, p.integer(1), p.integer(1), result, result);
        } else {
            p.call("aten::mm", "out", left, b, result, result);
        }
        if (direct) {
            return result;
        }
        int view = isOutput ? ctx.output(0, out, ScalarType.FLOAT) : ctx.scratch(ScalarType.FLOAT, out);
        p.call("aten::view_copy", "out", result, ctx.ints(out), view, view);
        return view;
    }
}
