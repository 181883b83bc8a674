package dev.lathe.views.chart;

/**
 * Where a latency chart stops drawing. A few stalls (GC, the scheduler) would squeeze every typical run into the
 * first bin, so runs beyond a far fence (Q3 + 3 IQR, but never below p90) are left out, and the chart says how many.
 */
final class LatencyFence {
    private LatencyFence() {
    }

    /** @param sortedMs one run's latencies in ms, ascending and not empty */
    static double cut(double[] sortedMs) {
        double q1 = rank(sortedMs, 0.25);
        double q3 = rank(sortedMs, 0.75);
        return Math.min(sortedMs[sortedMs.length - 1], Math.max(q3 + 3 * (q3 - q1), rank(sortedMs, 0.90)));
    }

    private static double rank(double[] sorted, double p) {
        return sorted[(int) Math.floor(p * (sorted.length - 1))];
    }
}
