package dev.lathe.engine.runtime.executorch;

import dev.lathe.engine.model.ElementType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/** Element types as the runner names them and numbers them (ExecuTorch's ScalarType), and their bytes. */
final class ElementTypes {
    private static final Map<String, ElementType> BY_NAME = Map.of("float32", ElementType.FLOAT, "float64",
            ElementType.DOUBLE, "float16", ElementType.FLOAT16, "bfloat16", ElementType.BFLOAT16, "int8",
            ElementType.INT8, "uint8", ElementType.UINT8, "int16", ElementType.INT16, "int32", ElementType.INT32,
            "int64", ElementType.INT64, "bool", ElementType.BOOL);
    /** ExecuTorch's ScalarType numbers (c10's), as the runner sends them with each output. */
    private static final Map<Integer, ElementType> BY_CODE = Map.of(0, ElementType.UINT8, 1, ElementType.INT8, 2,
            ElementType.INT16, 3, ElementType.INT32, 4, ElementType.INT64, 5, ElementType.FLOAT16, 6, ElementType.FLOAT,
            7, ElementType.DOUBLE, 11, ElementType.BOOL, 15, ElementType.BFLOAT16);

    private ElementTypes() {
    }

    static ElementType of(String name) {
        return BY_NAME.getOrDefault(name, ElementType.OTHER);
    }

    static ElementType of(int code) {
        return BY_CODE.getOrDefault(code, ElementType.OTHER);
    }

    static int bytes(ElementType type) {
        return switch (type) {
            case DOUBLE, INT64, UINT64 -> 8;
            case FLOAT, INT32, UINT32 -> 4;
            case FLOAT16, BFLOAT16, INT16, UINT16 -> 2;
            default -> 1;
        };
    }

    /** {@code values} in {@code type}, little-endian; integer types get the values rounded. */
    static byte[] encode(float[] values, ElementType type) {
        ByteBuffer b = ByteBuffer.allocate(values.length * bytes(type)).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (type) {
                case FLOAT -> b.putFloat(v);
                case DOUBLE -> b.putDouble(v);
                case FLOAT16 -> b.putShort(toHalf(v));
                case BFLOAT16 -> b.putShort((short) (Float.floatToIntBits(v) >>> 16));
                case INT64 -> b.putLong(Math.round(v));
                case INT32 -> b.putInt(Math.round(v));
                case INT16 -> b.putShort((short) Math.round(v));
                case BOOL -> b.put((byte) (v != 0 ? 1 : 0));
                default -> b.put((byte) Math.round(v));
            }
        }
        return b.array();
    }

    /** {@code count} values of {@code type} read from {@code b} as floats. */
    static float[] decode(ByteBuffer b, ElementType type, int count) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = switch (type) {
                case FLOAT -> b.getFloat();
                case DOUBLE -> (float) b.getDouble();
                case FLOAT16 -> fromHalf(b.getShort());
                case BFLOAT16 -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                case INT64 -> b.getLong();
                case INT32 -> b.getInt();
                case INT16 -> b.getShort();
                case UINT8, BOOL -> b.get() & 0xff;
                default -> b.get();
            };
        }
        return out;
    }

    /** IEEE 754 half precision, rounded to nearest; beyond its range, infinity. (Java 17 has no Float.floatToFloat16.) */
    static short toHalf(float v) {
        int bits = Float.floatToIntBits(v);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7fffffff;
        if (magnitude >= 0x7f800000) {  // infinity or NaN
            return (short) (sign | 0x7c00 | (magnitude > 0x7f800000 ? 0x200 : 0));
        }
        int rounded = magnitude + 0x1000;
        if (rounded >= 0x47800000) {
            return (short) (sign | 0x7c00);
        }
        if (rounded >= 0x38800000) {
            return (short) (sign | ((rounded - 0x38000000) >>> 13));
        }
        if (magnitude < 0x33000000) {
            return (short) sign;
        }
        int exponent = magnitude >>> 23;
        return (short) (sign | ((((magnitude & 0x7fffff) | 0x800000) + (0x800000 >>> (exponent - 102)))
                >>> (126 - exponent)));
    }

    static float fromHalf(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
