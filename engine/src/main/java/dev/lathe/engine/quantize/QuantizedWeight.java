package dev.lathe.engine.quantize;

import dev.lathe.engine.quantize.QuantizeSpec.ReduceRange;
import java.nio.FloatBuffer;

/**
 * A weight in symmetric int8 (zero point 0) with one scale per channel along {@code axis}, or one scale for the
 * whole tensor when {@code axis} is -1. Symmetric weights let integer kernels skip the weight zero-point terms.
 */
record QuantizedWeight(byte[] values, float[] scales, long[] dims, int axis) {
    private static final int FULL = 127;
    private static final int SEVEN_BIT = 63;

    /**
     * @param axis  the channel axis for per-channel scales, or -1 for one scale
     * @param range how far the values reach (see {@link ReduceRange}); every channel is scaled on its own
     */
    static QuantizedWeight of(FloatBuffer weights, long[] dims, int axis, ReduceRange range) {
        int n = weights.remaining();
        int channels = axis < 0 ? 1 : (int) dims[axis];
        long stride = 1;
        for (int d = axis + 1; axis >= 0 && d < dims.length; d++) {
            stride *= dims[d];
        }
        ChannelPeaks peaks = new ChannelPeaks(channels);
        for (int i = 0; i < n; i++) {
            peaks.add(channel(i, stride, channels), weights.get(i));
        }
        int qmax = range == ReduceRange.ON ? SEVEN_BIT : FULL;
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            // Rounding adds at most half a step to each weight, so a pair of (at most) 127 steps rounds to 128.
            double reach = range == ReduceRange.AUTO ? peaks.pairMax(c) : peaks.absMax(c);
            scales[c] = reach > 0 ? (float) (reach / qmax) : 1f;
        }
        byte[] values = new byte[n];
        for (int i = 0; i < n; i++) {
            float q = Math.round(weights.get(i) / scales[channel(i, stride, channels)]);
            values[i] = (byte) Math.max(-qmax, Math.min(qmax, q));
        }
        return new QuantizedWeight(values, scales, dims, axis);
    }

    /** The channel of value {@code index}; a stride of 0 (a size of 0 after the axis) holds no values, so channel 0. */
    static int channel(long index, long stride, int channels) {
        return channels <= 1 || stride <= 0 ? 0 : (int) ((index / stride) % channels);
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
