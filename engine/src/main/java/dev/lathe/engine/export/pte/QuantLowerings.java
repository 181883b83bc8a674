package dev.lathe.engine.export.pte;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * QuantizeLinear and DequantizeLinear (a static int8 QDQ model) onto ExecuTorch's {@code quantized_decomposed}
 * kernels, as its own Edge dialect writes quantization: int8 and uint8 activations are int8 and uint8 tensors, an
 * integer weight stays an int8 constant (the file keeps the quantized model's size) and is dequantized per tensor or
 * per channel where it is read; the float ops in between run on the portable kernels.
 */
final class QuantLowerings {
    private QuantLowerings() {
    }

    static void register(Map<String, NodeLowering> ops) {
        ops.put("QuantizeLinear", QuantLowerings::quantize);
        ops.put("DequantizeLinear", QuantLowerings::dequantize);
    }

    /** The grid of a quantized type: ONNX saturates to the type's whole range. */
    record Grid(ScalarType type, long min, long max) {
        static Grid of(ScalarType type) {
            return switch (type) {
                case BYTE -> new Grid(type, 0, 255);
                case CHAR -> new Grid(type, -128, 127);
                case INT -> new Grid(type, Integer.MIN_VALUE, Integer.MAX_VALUE);
                default -> throw new IllegalArgumentException(type + " is not a quantized type");
            };
        }
    }

    /** Scales and zero points read at export, one pair per tensor or one per index of {@code axis}. */
    private record Params(float[] scales, int[] zeroPoints, int axis, ScalarType type) {
        boolean perTensor() {
            return scales.length == 1;
        }

        static Params of(LoweringContext ctx, long[] shape, ScalarType fallbackType) throws PteExportException {
            float[] scales = ctx.requireConstant(1, "scale").floats();
            if (scales == null) {
                throw ctx.fail("has a scale that is not float32; only float32 scales are exported");
            }
            ScalarType type = fallbackType;
            int[] zeroPoints = new int[scales.length];
            if (ctx.input(2).isPresent()) {
                OnnxConstant zp = ctx.requireConstant(2, "zero point");
                type = switch (zp.onnxType()) {
                    case OnnxConstant.ONNX_UINT8 -> ScalarType.BYTE;
                    case OnnxConstant.ONNX_INT8 -> ScalarType.CHAR;
                    case OnnxConstant.ONNX_INT32 -> ScalarType.INT;
                    default -> throw ctx.fail("has a zero point of ONNX type " + zp.onnxType() + "; int8, uint8 "
                            + "(and int32 for DequantizeLinear) are exported");
                };
                zeroPoints = zp.integers();
                if (zeroPoints.length != scales.length) {
                    throw ctx.fail("has " + scales.length + " scales and " + zeroPoints.length + " zero points");
                }
            }
            int axis = Shapes.axis(ctx.attributes().integer("axis", 1), Math.max(shape.length, 1));
            if (scales.length > 1 && (shape.length == 0 || shape[axis] != scales.length)) {
                throw ctx.fail("has " + scales.length + " scales for axis " + axis + " of a " + Shapes.text(shape)
                        + " tensor");
            }
            if (ctx.attributes().has("block_size") && ctx.attributes().integer("block_size", 0) != 0) {
                throw ctx.fail("quantizes blocks (block_size); per-tensor and per-axis quantization are exported");
            }
            return new Params(scales, zeroPoints, axis, type);
        }
    }

    /** quantize_per_tensor / quantize_per_channel: a float activation to uint8 (the default) or int8. */
    private static void quantize(LoweringContext ctx) throws PteExportException {
        long[] shape = ctx.shape(0);
        Params q = Params.of(ctx, shape, ScalarType.BYTE);
        if (q.type() == ScalarType.INT) {
            throw ctx.fail("quantizes to int32; QuantizeLinear is exported to int8 and uint8");
        }
        if (!ctx.type(0).isFloating()) {
            throw ctx.fail("quantizes a tensor that is not float32 or float16");
        }
        Grid grid = Grid.of(q.type());
        ProgramBuilder p = ctx.program();
        int x = ctx.tensor(0);
        if (q.perTensor()) {
            int out = ctx.output(0, shape, q.type());
            p.call("quantized_decomposed::quantize_per_tensor", "out", x, p.real(q.scales()[0]),
                    p.integer(q.zeroPoints()[0]), p.integer(grid.min()), p.integer(grid.max()),
                    p.integer(q.type().code()), out, out);
            return;
        }
        int scales = p.constant(ScalarType.DOUBLE, List.of((long) q.scales().length), doubles(q.scales()));
        int zeroPoints = p.constant(ScalarType.LONG, List.of((long) q.zeroPoints().length), longs(q.zeroPoints()));
        int out = ctx.output(0, shape, q.type());
        p.call("quantized_decomposed::quantize_per_channel", "out", x, scales, zeroPoints, p.integer(q.axis()),
                p.integer(grid.min()), p.integer(grid.max()), p.integer(q.type().code()), out, out);
    }

    /**
     * dequantize_per_tensor / dequantize_per_channel to float32. An integer constant (a weight, a bias) is kept in
     * its own type and dequantized where it is read.
     */
    private static void dequantize(LoweringContext ctx) throws PteExportException {
        long[] shape = ctx.shape(0);
        ScalarType stored = ctx.type(0);
        if (stored != ScalarType.BYTE && stored != ScalarType.CHAR && stored != ScalarType.INT) {
            throw ctx.fail("dequantizes a " + stored.name().toLowerCase(java.util.Locale.ROOT) + " tensor; int8, "
                    + "uint8 and int32 are exported");
        }
        Params q = Params.of(ctx, shape, stored);
        if (q.type() != stored) {
            throw ctx.fail("has a zero point of another type than its input");
        }
        int x = ctx.storedConstant(ctx.inputName(0));
        dequantize(ctx, x, q.scales(), q.zeroPoints(), q.axis(), Grid.of(stored),
                ctx.output(0, shape, ScalarType.FLOAT));
    }

    /** {@code x} (integers on {@code grid}) to {@code out}, per tensor when one scale is given, else along axis. */
    static void dequantize(LoweringContext ctx, int x, float[] scales, int[] zeroPoints, int axis, Grid grid,
            int out) {
        ProgramBuilder p = ctx.program();
        if (scales.length == 1) {
            p.call("quantized_decomposed::dequantize_per_tensor", "out", x, p.real(scales[0]),
                    p.integer(zeroPoints[0]), p.integer(grid.min()), p.integer(grid.max()),
                    p.integer(grid.type().code()), p.none(), out, out);
            return;
        }
        int scaleTensor = p.constant(ScalarType.FLOAT, List.of((long) scales.length), OnnxConstant.bytes(scales));
        int zeroTensor = Arrays.stream(zeroPoints).allMatch(z -> z == 0) ? p.none()
                : p.constant(ScalarType.LONG, List.of((long) zeroPoints.length), longs(zeroPoints));
        p.call("quantized_decomposed::dequantize_per_channel", "out", x, scaleTensor, zeroTensor, p.integer(axis),
                p.integer(grid.min()), p.integer(grid.max()), p.integer(grid.type().code()), p.none(), out, out);
    }

    static byte[] doubles(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    static byte[] longs(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putLong(v);
        }
        return b.array();
    }
}
