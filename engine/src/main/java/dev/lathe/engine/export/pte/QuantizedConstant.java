package dev.lathe.engine.export.pte;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * An integer initializer behind a DequantizeLinear (a QDQ model's weights and biases): its raw values, per-tensor or
 * per-channel scales and zero points along {@code axis}, and whether it is signed 8-bit.
 */
record QuantizedConstant(long[] shape, int[] values, float[] scales, int[] zeroPoints, int axis, boolean int8) {
    private static final int UINT8 = 2;
    private static final int INT8 = 3;
    private static final int INT32 = 6;

    /** The initializer's integers, or empty for a type a DequantizeLinear of Lathe's quantizer never reads. */
    static Optional<int[]> integers(TensorProto t) {
        int count = Math.toIntExact(Shapes.elements(t.getDimsList().stream().mapToLong(Long::longValue).toArray()));
        int type = t.getDataType();
        if (type != UINT8 && type != INT8 && type != INT32) {
            return Optional.empty();
        }
        int[] v = new int[count];
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean inRaw = !t.getRawData().isEmpty();
        for (int i = 0; i < count; i++) {
            if (type == INT32) {
                v[i] = inRaw ? raw.getInt(i * 4) : t.getInt32Data(i);
            } else {
                int b = inRaw ? raw.get(i) : t.getInt32Data(i);
                v[i] = type == UINT8 ? b & 0xff : (byte) b;
            }
        }
        return Optional.of(v);
    }

    static boolean isInt8(TensorProto t) {
        return t.getDataType() == INT8;
    }

    /** Channel index of flat element {@code i}, or 0 when per-tensor. */
    int channel(int i) {
        if (scales.length == 1) {
            return 0;
        }
        long inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        return (int) ((i / inner) % shape[axis]);
    }

    /** The float values, {@code (q - zero point) × scale} as DequantizeLinear computes them in float32. */
    float[] dequantized() {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            int c = channel(i);
            f[i] = (float) (values[i] - zeroPoints[c]) * scales[c];
        }
        return f;
    }

    /** Symmetric signed 8-bit, one scale per index of {@code channelAxis}: what XNNPACK's {@code qcint8} is. */
    boolean symmetricInt8Along(int channelAxis) {
        if (!int8 || (scales.length != 1 && axis != channelAxis) || scales.length != shape[channelAxis]) {
            return false;
        }
        for (int z : zeroPoints) {
            if (z != 0) {
                return false;
            }
        }
        return true;
    }
}
