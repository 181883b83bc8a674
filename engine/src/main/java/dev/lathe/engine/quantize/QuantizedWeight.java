package dev.lathe.engine.quantize;

import java.nio.FloatBuffer;

/**
 * A weight in symmetric int8 (zero point 0) with one scale per channel along {@code axis}, or one scale for the
 * whole tensor when {@code axis} is -1. Symmetric weights let integer kernels skip the weight zero-point terms.
 */
record QuantizedWeight(byte[] values, float[] scales, long[] dims, int axis) {

    /**
     * @param axis        the channel axis for per-channel scales, or -1 for one scale
     * @param reduceRange 7-bit values ([-63, 63]) so that u8×s8 dot products cannot saturate on CPUs without VNNI
     */
    static QuantizedWeight of(FloatBuffer weights, long[] dims, int axis, boolean reduceRange) {
        int n = weights.remaining();
        int channels = axis < 0 ? 1 : (int) dims[axis];
        long stride = 1;
        for (int d = axis + 1; axis >= 0 && d < dims.length; d++) {
            stride *= dims[d];
        }
        float[] absMax = new float[channels];
        for (int i = 0; i < n; i++) {
            int c = channel(i, stride, channels);
            absMax[c] = Math.max(absMax[c], Math.abs(weights.get(i)));
        }
        int qmax = reduceRange ? 63 : 127;
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = absMax[c] > 0 ? absMax[c] / qmax : 1f;
        }
        byte[] values = new byte[n];
        for (int i = 0; i < n; i++) {
            float q = Math.round(weights.get(i) / scales[channel(i, stride, channels)]);
            values[i] = (byte) Math.max(-qmax, Math.min(qmax, q));
        }
        return new QuantizedWeight(values, scales, dims, axis);
    }

    private static int channel(int index, long stride, int channels) {
        return channels == 1 ? 0 : (int) ((index / stride) % channels);
    }

    /** This 2-D weight transposed, as a MatMul wants a Gemm's {@code transB} weight. */
    QuantizedWeight transposed() {
        int rows = (int) dims[0];
        int cols = (int) dims[1];
        byte[] out = new byte[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[r * cols + c];
            }
        }
        return new QuantizedWeight(out, scales, new long[] {cols, rows}, axis < 0 ? -1 : 1 - axis);
    }

    boolean perChannel() {
        return axis >= 0;
    }
}
