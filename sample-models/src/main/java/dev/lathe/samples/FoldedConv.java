package dev.lathe.samples;

/**
 * A convolution with the batch norm after it folded in, as inference sees it:
 * {@code bn(conv(x)) = gamma * (W*x + b - mean) / sqrt(var + eps) + beta}, which is one convolution with weights
 * {@code W * s} and bias {@code (b - mean) * s + beta}, where {@code s = gamma / sqrt(var + eps)} per output channel.
 * Exporting it this way gives runtimes (and the later quantizer) one Conv node instead of two.
 */
public record FoldedConv(float[] weights, float[] bias) {

    /**
     * @param weights conv weights laid out [out, in, kh, kw]
     * @param bias    conv bias per output channel, or {@code null} when the conv has none
     */
    public static FoldedConv fold(float[] weights, float[] bias, BatchNormStats norm) {
        int out = norm.gamma().length;
        if (weights.length % out != 0) {
            throw new IllegalArgumentException(weights.length + " conv weights do not split into " + out + " channels");
        }
        int perChannel = weights.length / out;
        float[] w = new float[weights.length];
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
            double s = norm.gamma()[o] / Math.sqrt(norm.runningVar()[o] + (double) norm.epsilon());
            for (int i = 0; i < perChannel; i++) {
                w[o * perChannel + i] = (float) (weights[o * perChannel + i] * s);
            }
            double convBias = bias == null ? 0 : bias[o];
            b[o] = (float) ((convBias - norm.runningMean()[o]) * s + norm.beta()[o]);
        }
        return new FoldedConv(w, b);
    }

    /** A batch norm's learned scale and shift and its running statistics, one value per channel. */
    public record BatchNormStats(float[] gamma, float[] beta, float[] runningMean, float[] runningVar, float epsilon) {
    }
}
