package dev.lathe.engine.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a run's latency drifted upward while it ran, read from its own samples: the median of the last tenth of the
 * counted runs exceeds the first tenth's by more than {@link #DRIFT}. A board that heats up and throttles its clock
 * shows it this way even when its clock was not read; the samples are stored with every run, so this can be judged
 * for any run, also long after it ended.
 */
public final class LatencyDrift {
    public static final double DRIFT = 1.15;
    /** Fewer runs per tenth give medians too noisy to compare. */
    public static final int MIN_PER_DECILE = 5;

    private LatencyDrift() {
    }

    /** The medians of a run's first and last tenth of counted runs, in nanoseconds. */
    public record Tenths(double firstMedianNanos, double lastMedianNanos) {
        public double ratio() {
            return lastMedianNanos / firstMedianNanos;
        }

        /** Whether the last tenth is slower than the first by more than {@link #DRIFT}. */
        public boolean drifted() {
            return ratio() > DRIFT;
        }
    }

    /** The first and last tenth's medians, or empty when there are too few samples to say. */
    public static Optional<Tenths> tenths(long[] samplesNanos) {
        int decile = samplesNanos.length / 10;
        if (decile < MIN_PER_DECILE) {
            return Optional.empty();
        }
        double first = median(Arrays.copyOfRange(samplesNanos, 0, decile));
        double last = median(Arrays.copyOfRange(samplesNanos, samplesNanos.length - decile, samplesNanos.length));
        return first > 0 ? Optional.of(new Tenths(first, last)) : Optional.empty();
    }

    /** How much the last tenth's median exceeds the first's, or empty when there are too few samples to say. */
    public static Optional<Double> ratio(long[] samplesNanos) {
        return tenths(samplesNanos).map(Tenths::ratio);
    }

    /** One sentence when the run drifted, empty when it did not or had too few samples to tell. */
    public static Optional<String> warning(long[] samplesNanos) {
        return ratio(samplesNanos).filter(r -> r > DRIFT).map(r -> String.format(Locale.ROOT,
                "latency drifted up %.0f %% from the first tenth of the runs to the last", (r - 1) * 100));
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
