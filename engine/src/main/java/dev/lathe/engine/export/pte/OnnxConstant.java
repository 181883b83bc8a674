package dev.lathe.engine.export.pte;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** An initializer or Constant node's value, read once at export time (float32 and int64 are what lowering needs). */
record OnnxConstant(String name, long[] shape, float[] floats, long[] longs) {

    static OnnxConstant of(TensorProto t) {
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int count = Math.toIntExact(Shapes.elements(shape));
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (t.getDataType()) {
            case 1: { // FLOAT
                float[] f = new float[count];
                if (!t.getRawData().isEmpty()) {
                    raw.asFloatBuffer().get(f);
                } else {
                    for (int i = 0; i < count; i++) {
                        f[i] = t.getFloatData(i);
                    }
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

    boolean isFloat() {
        return floats != null;
    }

    /** The values as longs (int64 constants, or floats that hold whole numbers). */
    long[] asLongs() {
        if (longs != null) {
            return longs.clone();
        }
        long[] l = new long[floats.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (long) floats[i];
        }
        return l;
    }

    static byte[] bytes(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }
}
