package dev.lathe.views.wall;

import dev.lathe.engine.device.TelemetrySample;
import dev.lathe.views.common.Formats;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Says when a run's figures should not be trusted as the device's steady speed: its CPU clock fell by more than
 * {@link #CLOCK_DROP} during the run (thermal or power throttling), or its latency drifted upward, the median of the
 * last tenth of the runs exceeding the first tenth's by more than {@link #DRIFT}. A board that heats up does both.
 */
public final class ThrottleRule {
    static final double CLOCK_DROP = 0.10;
    static final double DRIFT = 1.15;
    /** Fewer runs per tenth give medians too noisy to compare. */
    static final int MIN_PER_DECILE = 5;

    private ThrottleRule() {
    }

    /** One sentence for the table, or empty when neither the clock nor the latency moved. */
    public static Optional<String> warning(long[] samplesNanos, List<TelemetrySample> telemetry) {
        Optional<String> clock = clockDrop(telemetry);
        Optional<String> drift = drift(samplesNanos);
        if (clock.isPresent() && drift.isPresent()) {
            return Optional.of(clock.get() + "; " + drift.get());
        }
        return clock.isPresent() ? clock : drift;
    }

    /** The mean clock of the CPUs at the first reading against the lowest mean of any later reading. */
    static Optional<String> clockDrop(List<TelemetrySample> telemetry) {
        if (telemetry.size() < 2) {
            return Optional.empty();
        }
        OptionalDouble first = meanKhz(telemetry.get(0));
        OptionalDouble lowest = telemetry.stream().skip(1).map(ThrottleRule::meanKhz)
                .filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).min();
        if (first.isEmpty() || lowest.isEmpty() || first.getAsDouble() <= 0) {
            return Optional.empty();
        }
        double drop = 1 - lowest.getAsDouble() / first.getAsDouble();
        if (drop > CLOCK_DROP) {
            return Optional.of("CPU clock fell " + Formats.decimal(drop * 100, 0) + " % ("
                    + ghz(first.getAsDouble()) + " → " + ghz(lowest.getAsDouble()) + ")");
        }
        return Optional.empty();
    }

    static Optional<String> drift(long[] samplesNanos) {
        int decile = samplesNanos.length / 10;
        if (decile < MIN_PER_DECILE) {
            return Optional.empty();
        }
        double first = median(Arrays.copyOfRange(samplesNanos, 0, decile));
        double last = median(Arrays.copyOfRange(samplesNanos, samplesNanos.length - decile, samplesNanos.length));
        double ratio = last / first;
        if (ratio > DRIFT) {
            return Optional.of("latency drifted up " + Formats.decimal((ratio - 1) * 100, 0)
                    + " % (median of first tenth " + Formats.millis(first / 1e6) + ", last tenth "
                    + Formats.millis(last / 1e6) + ")");
        }
        return Optional.empty();
    }

    private static OptionalDouble meanKhz(TelemetrySample sample) {
        return sample.cpuFrequenciesKhz().stream().mapToLong(Long::longValue).average();
    }

    private static String ghz(double khz) {
        return Formats.decimal(khz / 1e6, 2) + " GHz";
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
