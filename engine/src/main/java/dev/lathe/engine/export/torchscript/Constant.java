package dev.lathe.engine.export.torchscript;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * An initializer or Constant node's value read at export time: float32 values become the module's tensors,
 * integers become literals of the code (shapes, axes, pads).
 */
record Constant(String name, long[] shape, Optional<float[]> floats, Optional<long[]> longs) {
    private static final int FLOAT = 1;
    private static final int INT32 = 6;
    private static final int INT64 = 7;

    static Constant of(TensorProto t) {
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        int n = Math.toIntExact(count);
        // slice(): a ByteString that views part of a larger buffer starts at a position other than 0.
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().slice().order(ByteOrder.LITTLE_ENDIAN);
        boolean hasRaw = !t.getRawData().isEmpty();
        switch (t.getDataType()) {
            case FLOAT: {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = hasRaw ? raw.getFloat(i * 4) : t.getFloatData(i);
                }
                return new Constant(t.getName(), shape, Optional.of(f), Optional.empty());
            }
            case INT64:
            case INT32: {
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = t.getDataType() == INT64 ? (hasRaw ? raw.getLong(i * 8) : t.getInt64Data(i))
                            : (hasRaw ? raw.getInt(i * 4) : t.getInt32Data(i));
                }
                return new Constant(t.getName(), shape, Optional.empty(), Optional.of(l));
            }
            default:
                return new Constant(t.getName(), shape, Optional.empty(), Optional.empty());
        }
    }

    boolean isFloat() {
        return floats.isPresent();
    }
}
