package dev.lathe.engine.quantize;

/**
 * Entropy (KL-divergence) calibration: the clipping threshold whose 128-level quantized histogram loses the least
 * information about the float one. Clipping rare outliers buys resolution for the values that matter.
 */
final class EntropyThreshold {
    private static final int LEVELS = 128;

    private EntropyThreshold() {
    }

    static float of(long[] counts, float histMax) {
        // Exact zeros (Relu outputs, padding, black pixels) are exact at any range; left in, their mass makes
        // the narrowest range look best and clips the values that matter, so the first bin is left out.
        long[] histogram = counts.clone();
        histogram[0] = 0;
        int bins = histogram.length;
        double best = Double.POSITIVE_INFINITY;
        int bestEnd = bins;
        for (int end = LEVELS; end <= bins; end += 16) {
            double divergence = divergence(histogram, end);
            if (divergence < best) {
                best = divergence;
                bestEnd = end;
            }
        }
        return bestEnd * histMax / bins;
    }

    // KL(P || Q) where P is the histogram clipped at `end` (outliers added to the last bin) and Q is the histogram
    // below `end` WITHOUT the outliers, squeezed into LEVELS bins and spread back over P's non-empty bins. Leaving
    // the outliers out of Q is what makes clipping cost something; with them in, the narrowest range always wins.
    private static double divergence(long[] histogram, int end) {
        double[] p = new double[end];
        for (int i = 0; i < end; i++) {
            p[i] = histogram[i];
        }
        for (int i = end; i < histogram.length; i++) {
            p[end - 1] += histogram[i];
        }
        double[] q = new double[end];
        for (int level = 0; level < LEVELS; level++) {
            int from = level * end / LEVELS;
            int to = (level + 1) * end / LEVELS;
            double sum = 0;
            int nonEmpty = 0;
            for (int i = from; i < to; i++) {
                sum += histogram[i];
                nonEmpty += p[i] > 0 ? 1 : 0;
            }
            for (int i = from; i < to; i++) {
                q[i] = p[i] > 0 ? sum / nonEmpty : 0;
            }
        }
        return kl(p, q);
    }

    private static double kl(double[] p, double[] q) {
        double pSum = 0;
        double qSum = 0;
        for (int i = 0; i < p.length; i++) {
            pSum += p[i];
            qSum += q[i];
        }
        double kl = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                double pi = p[i] / pSum;
                double qi = q[i] > 0 ? q[i] / qSum : 1e-12;
                kl += pi * Math.log(pi / qi);
            }
        }
        return kl;
    }
}
