package dev.lathe.engine.quantize;

import java.nio.FloatBuffer;

/**
 * Watches one activation over the calibration batches: its min and max, and a histogram of absolute values that is
 * re-binned when a larger value arrives, so batches are seen once and never kept.
 */
final class RangeObserver {
    private static final int BINS = 2048;

    private final long[] histogram = new long[BINS];
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;
    private float histMax;
    private long count;

    void observe(FloatBuffer values) {
        float batchAbsMax = 0;
        for (int i = values.position(); i < values.limit(); i++) {
            float v = values.get(i);
            min = Math.min(min, v);
            max = Math.max(max, v);
            batchAbsMax = Math.max(batchAbsMax, Math.abs(v));
        }
        if (batchAbsMax > histMax) {
            rebin(batchAbsMax);
        }
        float perBin = histMax > 0 ? BINS / histMax : 0;
        for (int i = values.position(); i < values.limit(); i++) {
            histogram[Math.min(BINS - 1, (int) (Math.abs(values.get(i)) * perBin))]++;
        }
        count += values.remaining();
    }

    // Moves each old bin's count to the new bin holding its centre; the error is at most one new bin width.
    private void rebin(float newMax) {
        if (histMax > 0) {
            long[] old = histogram.clone();
            java.util.Arrays.fill(histogram, 0);
            for (int b = 0; b < BINS; b++) {
                float centre = (b + 0.5f) * histMax / BINS;
                histogram[Math.min(BINS - 1, (int) (centre / newMax * BINS))] += old[b];
            }
        }
        histMax = newMax;
    }

    /** The observed range, clipped to ±threshold when the calibration method chose one. */
    ActivationRange range(QuantizeSpec.Calibration calibration) {
        if (count == 0) {
            return new ActivationRange(0, 0);
        }
        float threshold = switch (calibration.method()) {
            case MINMAX -> Float.POSITIVE_INFINITY;
            case PERCENTILE -> percentile(calibration.percentile());
            case ENTROPY -> EntropyThreshold.of(histogram, histMax);
        };
        return new ActivationRange(Math.max(min, -threshold), Math.min(max, threshold));
    }

    private float percentile(double percent) {
        long wanted = (long) Math.ceil(count * percent / 100.0);
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += histogram[b];
            if (seen >= wanted) {
                return (b + 1) * histMax / BINS;
            }
        }
        return histMax;
    }
}
