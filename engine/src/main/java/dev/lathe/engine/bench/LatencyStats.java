package dev.lathe.engine.bench;

import java.util.Arrays;

/**
 * Latency summary in milliseconds. Percentiles interpolate linearly between the closest ranks (Hyndman–Fan type 7,
 * the default of NumPy and R); std is the sample standard deviation.
 */
public record LatencyStats(int count, double minMs, double meanMs, double stdMs, double p50Ms, double p90Ms,
                           double p95Ms, double p99Ms, double maxMs) {

    public static LatencyStats of(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] ms = new double[nanos.length];
        double sum = 0;
        for (int i = 0; i < nanos.length; i++) {
            ms[i] = nanos[i] / 1e6;
            sum += ms[i];
        }
        double mean = sum / ms.length;
        double squares = 0;
        for (double v : ms) {
            squares += (v - mean) * (v - mean);
        }
        double std = ms.length > 1 ? Math.sqrt(squares / (ms.length - 1)) : 0;
        Arrays.sort(ms);
        return new LatencyStats(ms.length, ms[0], mean, std, percentile(ms, 50), percentile(ms, 90),
                percentile(ms, 95), percentile(ms, 99), ms[ms.length - 1]);
    }

    static double percentile(double[] sorted, double p) {
        double rank = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
