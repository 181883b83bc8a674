package dev.lathe.views.wall;

/**
 * Running latency percentiles in constant memory and constant time per sample, so a panel fed thousands of samples a
 * second for minutes never sorts them: each latency is counted in a bucket 1 % wide on a log scale, so any
 * percentile it reports is within 1 % of the exact one. The stored run keeps the exact figures.
 */
final class LatencySketch {
    /** Bucket width as a ratio: every value in a bucket is within this factor of its lower edge. */
    static final double GROWTH = 1.01;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    /** 100 ns: nothing measured is faster; anything faster goes in the first bucket. */
    private static final double FLOOR_NANOS = 100;
    /** Up to about 1 000 s per run. */
    private static final int BUCKETS = (int) Math.ceil(Math.log(1e13 / FLOOR_NANOS) / LOG_GROWTH);

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long minNanos = Long.MAX_VALUE;
    private long maxNanos;

    void add(long nanos) {
        counts[bucket(nanos)]++;
        count++;
        minNanos = Math.min(minNanos, nanos);
        maxNanos = Math.max(maxNanos, nanos);
    }

    long count() {
        return count;
    }

    /** The latency below which a fraction {@code q} of the samples fall, in ms; NaN before the first sample. */
    double quantileMs(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += counts[b];
            if (seen >= rank) {
                // The bucket's middle (geometrically), kept inside what was actually measured.
                double mid = FLOOR_NANOS * Math.pow(GROWTH, b + 0.5);
                return Math.min(maxNanos, Math.max(minNanos, mid)) / 1e6;
            }
        }
        return maxNanos / 1e6;
    }

    /**
     * Counts between {@code fromMs} and {@code toMs} in at most {@code maxBins} bins, each the sum of a whole number
     * of the sketch's buckets, so no bin is emptier than its neighbours for an artefact of the binning. Bins are
     * therefore equally wide on a log scale (over the narrow range a panel shows, nearly linear).
     */
    long[] bins(double fromMs, double toMs, int maxBins) {
        int first = bucket((long) (fromMs * 1e6));
        int last = bucket((long) Math.ceil(toMs * 1e6));
        int span = last - first + 1;
        int per = Math.max(1, (span + maxBins - 1) / maxBins);
        long[] out = new long[(span + per - 1) / per];
        for (int b = first; b <= last; b++) {
            out[(b - first) / per] += counts[b];
        }
        return out;
    }

    /** The lower edge of the bucket holding {@code ms}, in ms: where the bins of {@link #bins} start. */
    static double edgeMs(double ms) {
        return FLOOR_NANOS * Math.pow(GROWTH, bucket((long) (ms * 1e6))) / 1e6;
    }

    /** The upper edge of the bucket holding {@code ms}, in ms. */
    static double upperEdgeMs(double ms) {
        return FLOOR_NANOS * Math.pow(GROWTH, bucket((long) Math.ceil(ms * 1e6)) + 1) / 1e6;
    }

    private static int bucket(long nanos) {
        if (nanos <= FLOOR_NANOS) {
            return 0;
        }
        int b = (int) (Math.log(nanos / FLOOR_NANOS) / LOG_GROWTH);
        return Math.min(BUCKETS - 1, b);
    }
}
