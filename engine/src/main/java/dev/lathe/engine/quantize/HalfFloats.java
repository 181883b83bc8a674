package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** float32 → float16 / bfloat16 conversion with round-to-nearest-even (Java 17 has no Float.floatToFloat16). */
final class HalfFloats {
    static final float FLOAT16_MAX = 65504f;

    private HalfFloats() {
    }

    static short toFloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
        }
        int e = exponent - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            return (short) (sign | roundShift(mantissa | 0x800000, 14 - e));
        }
        // A carry out of the mantissa rounds correctly into the exponent, up to infinity.
        return (short) (sign | roundShift((e << 23) | mantissa, 13));
    }

    /** The float a float16 bit pattern stands for (subnormals, infinities and NaN included). */
    static float fromFloat16(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** The smallest float16 at or above a positive finite {@code value}, so a scale rounded to it never clips. */
    static short float16AtLeast(float value) {
        short half = toFloat16(value);
        return fromFloat16(half) < value ? (short) (half + 1) : half;
    }

    private static float clampToFloat16(float value) {
        return Math.max(-FLOAT16_MAX, Math.min(FLOAT16_MAX, value));
    }

    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        return rest > half || rest == half && (kept & 1) != 0 ? kept + 1 : kept;
    }

    static short toBFloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /**
     * A float32 tensor's values in half precision under {@code name}, same shape. Finite values beyond float16's
     * range become its largest finite value, not infinity: exporters write "minus infinity" for attention masks as
     * float32's lowest value and multiply it by zero, which is 0 in float32 but NaN once it is infinite.
     */
    static TensorProto convert(TensorProto tensor, String name, boolean bfloat) {
        FloatBuffer values = Tensors.floats(tensor).orElseThrow();
        ByteBuffer out = ByteBuffer.allocate(values.remaining() * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.remaining(); i++) {
            float v = values.get(i);
            out.putShort(bfloat ? toBFloat16(v) : toFloat16(Float.isFinite(v) ? clampToFloat16(v) : v));
        }
        return TensorProto.newBuilder().setName(name).addAllDims(tensor.getDimsList())
                .setDataType((bfloat ? TensorProto.DataType.BFLOAT16 : TensorProto.DataType.FLOAT16).getNumber())
                .setRawData(UnsafeByteOperations.unsafeWrap(out.array())).build();
    }
}
