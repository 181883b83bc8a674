package dev.lathe.engine.export.pte;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An initializer or Constant node's value, read at export time (float32 and int64 are what lowering needs). A float
 * initializer stored as raw data is not decoded up front: {@link #floats()} decodes it on each call, and
 * {@link #data()} hands its bytes to the writer without copying, so the model's weights are not held twice. Int8,
 * uint8 and float16 values (a quantized or half-precision model's weights) are kept as stored, for the program to
 * hold them in their own type ({@link #stored()}).
 */
final class OnnxConstant {
    static final int ONNX_FLOAT = 1;
    static final int ONNX_UINT8 = 2;
    static final int ONNX_INT8 = 3;
    static final int ONNX_INT32 = 6;
    static final int ONNX_INT64 = 7;
    static final int ONNX_FLOAT16 = 10;

    private final String name;
    private final long[] shape;
    private final float[] floats;
    private final long[] longs;
    private final ByteString rawFloats;
    private final int onnxType;
    private final ByteString stored;

    OnnxConstant(String name, long[] shape, float[] floats, long[] longs) {
        this(name, shape, floats, longs, null, floats != null ? ONNX_FLOAT : ONNX_INT64, null);
    }

    private OnnxConstant(String name, long[] shape, float[] floats, long[] longs, ByteString rawFloats, int onnxType,
            ByteString stored) {
        this.name = name;
        this.shape = shape;
        this.floats = floats;
        this.longs = longs;
        this.rawFloats = rawFloats;
        this.onnxType = onnxType;
        this.stored = stored;
    }

    static OnnxConstant of(TensorProto t) {
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int count = Math.toIntExact(Shapes.elements(shape));
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (t.getDataType()) {
            case ONNX_FLOAT: {
                if (!t.getRawData().isEmpty()) {
                    return new OnnxConstant(t.getName(), shape, null, null, t.getRawData(), ONNX_FLOAT, null);
                }
                float[] f = new float[count];
                for (int i = 0; i < count; i++) {
                    f[i] = t.getFloatData(i);
                }
                return new OnnxConstant(t.getName(), shape, f, null);
            }
            case 7: { // INT64
                long[] l = new long[count];
                if (!t.getRawData().isEmpty()) {
                    raw.asLongBuffer().get(l);
                } else {
                    for (int i = 0; i < count; i++) {
                        l[i] = t.getInt64Data(i);
                    }
                }
                return new OnnxConstant(t.getName(), shape, null, l);
            }
            case ONNX_INT32: { // shape arithmetic from paddle2onnx (read as longs), or a QDQ model's biases
                long[] l = new long[count];
                for (int i = 0; i < count; i++) {
                    l[i] = t.getRawData().isEmpty() ? t.getInt32Data(i) : raw.getInt(i * 4);
                }
                return new OnnxConstant(t.getName(), shape, null, l, null, ONNX_INT32, null);
            }
            case ONNX_UINT8:
            case ONNX_INT8:
            case ONNX_FLOAT16:
                return new OnnxConstant(t.getName(), shape, null, null, null, t.getDataType(), storedBytes(t, count));
            default:
                return new OnnxConstant(t.getName(), shape, null, null, null, t.getDataType(), null);
        }
    }

    /** An 8- or 16-bit tensor's bytes as stored: its raw data, or its int32_data narrowed (ONNX's other form). */
    private static ByteString storedBytes(TensorProto t, int count) {
        if (!t.getRawData().isEmpty()) {
            return t.getRawData();
        }
        int width = t.getDataType() == ONNX_FLOAT16 ? 2 : 1;
        ByteBuffer b = ByteBuffer.allocate(count * width).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            if (width == 2) {
                b.putShort((short) t.getInt32Data(i));
            } else {
                b.put((byte) t.getInt32Data(i));
            }
        }
        return ByteString.copyFrom(b.array());
    }

    /** ONNX's element type code (1 float, 2 uint8, 3 int8, 6 int32, 7 int64, 10 float16). */
    int onnxType() {
        return onnxType;
    }

    boolean isHalf() {
        return onnxType == ONNX_FLOAT16 && stored != null;
    }

    /** Int8, uint8 or int32 values, as a quantized model's weights and biases are stored. */
    boolean isQuantizedInteger() {
        return (onnxType == ONNX_UINT8 || onnxType == ONNX_INT8) && stored != null
                || onnxType == ONNX_INT32 && longs != null;
    }

    /** ExecuTorch's type for the values as stored, for a float16, int8, uint8 or int32 constant. */
    ScalarType storedType() {
        return switch (onnxType) {
            case ONNX_FLOAT16 -> ScalarType.HALF;
            case ONNX_UINT8 -> ScalarType.BYTE;
            case ONNX_INT8 -> ScalarType.CHAR;
            case ONNX_INT32 -> ScalarType.INT;
            case ONNX_INT64 -> ScalarType.LONG;
            default -> ScalarType.FLOAT;
        };
    }

    /** The values' bytes in {@link #storedType()}: a view of the model's data for 8- and 16-bit types. */
    ConstantData stored() {
        if (stored != null) {
            return ConstantData.view(stored.asReadOnlyByteBuffer());
        }
        if (onnxType == ONNX_INT32) {
            ByteBuffer b = ByteBuffer.allocate(longs.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : longs) {
                b.putInt((int) v);
            }
            return ConstantData.of(b.array());
        }
        return data();
    }

    /** Integer values (int8, uint8 as 0…255, int32, int64) as ints, or null for a float type. */
    int[] integers() {
        if (longs != null) {
            return java.util.Arrays.stream(longs).mapToInt(v -> (int) v).toArray();
        }
        if (stored == null || onnxType == ONNX_FLOAT16) {
            return null;
        }
        byte[] b = stored.toByteArray();
        int[] v = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            v[i] = onnxType == ONNX_UINT8 ? b[i] & 0xff : b[i];
        }
        return v;
    }

    String name() {
        return name;
    }

    long[] shape() {
        return shape;
    }

    /** The float values, or null for another type; a raw initializer is decoded afresh (callers keep the array). */
    float[] floats() {
        if (rawFloats == null) {
            return floats;
        }
        float[] f = new float[rawFloats.size() / 4];
        rawFloats.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }

    long[] longs() {
        return longs;
    }

    boolean isFloat() {
        return floats != null || rawFloats != null;
    }

    /** The float32 values as little-endian bytes: a view of the model's raw data where it has some. */
    ConstantData data() {
        return rawFloats != null ? ConstantData.view(rawFloats.asReadOnlyByteBuffer()) : ConstantData.of(bytes(floats));
    }

    /** The values as longs (int64 constants, or floats that hold whole numbers). */
    long[] asLongs() {
        if (longs != null) {
            return longs.clone();
        }
        float[] f = floats();
        long[] l = new long[f.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (long) f[i];
        }
        return l;
    }

    static byte[] bytes(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }
}
