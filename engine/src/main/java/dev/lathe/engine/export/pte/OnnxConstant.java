package dev.lathe.engine.export.pte;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An initializer or Constant node's value, read at export time (float32 and int64 are what lowering needs). A float
 * initializer stored as raw data is not decoded up front: {@link #floats()} decodes it on each call, and
 * {@link #data()} hands its bytes to the writer without copying, so the model's weights are not held twice.
 */
final class OnnxConstant {
    private final String name;
    private final long[] shape;
    private final float[] floats;
    private final long[] longs;
    private final ByteString rawFloats;

    OnnxConstant(String name, long[] shape, float[] floats, long[] longs) {
        this(name, shape, floats, longs, null);
    }

    private OnnxConstant(String name, long[] shape, float[] floats, long[] longs, ByteString rawFloats) {
        this.name = name;
        this.shape = shape;
        this.floats = floats;
        this.longs = longs;
        this.rawFloats = rawFloats;
    }

    static OnnxConstant of(TensorProto t) {
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int count = Math.toIntExact(Shapes.elements(shape));
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (t.getDataType()) {
            case 1: { // FLOAT
                if (!t.getRawData().isEmpty()) {
                    return new OnnxConstant(t.getName(), shape, null, null, t.getRawData());
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
            case 6: { // INT32: shape arithmetic from paddle2onnx; read as longs
                long[] l = new long[count];
                for (int i = 0; i < count; i++) {
                    l[i] = t.getRawData().isEmpty() ? t.getInt32Data(i) : raw.getInt(i * 4);
                }
                return new OnnxConstant(t.getName(), shape, null, l);
            }
            default:
                return new OnnxConstant(t.getName(), shape, null, null);
        }
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
