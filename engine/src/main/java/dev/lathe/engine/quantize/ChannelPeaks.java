package dev.lathe.engine.quantize;

/**
 * The two largest positive values and the two largest negative magnitudes of each channel of a weight: what an
 * integer kernel that adds products in pairs can reach at worst, whatever order it pairs them in.
 */
final class ChannelPeaks {
    private final double[] positive1;
    private final double[] positive2;
    private final double[] negative1;
    private final double[] negative2;

    ChannelPeaks(int channels) {
        positive1 = new double[channels];
        positive2 = new double[channels];
        negative1 = new double[channels];
        negative2 = new double[channels];
    }

    void add(int channel, double value) {
        if (value > 0) {
            insert(positive1, positive2, channel, value);
        } else if (value < 0) {
            insert(negative1, negative2, channel, -value);
        }
    }

    private static void insert(double[] first, double[] second, int c, double v) {
        if (v > first[c]) {
            second[c] = first[c];
            first[c] = v;
        } else if (v > second[c]) {
            second[c] = v;
        }
    }

    double absMax(int channel) {
        return Math.max(positive1[channel], negative1[channel]);
    }

    /** The largest sum of two same-sign magnitudes in the channel (the largest one alone when it has no partner). */
    double pairMax(int channel) {
        return Math.max(positive1[channel] + positive2[channel], negative1[channel] + negative2[channel]);
    }

    int channels() {
        return positive1.length;
    }
}
