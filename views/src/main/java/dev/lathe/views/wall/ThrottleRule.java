package dev.lathe.views.wall;

import dev.lathe.engine.bench.LatencyDrift;
import dev.lathe.engine.device.TelemetrySample;
import dev.lathe.views.common.Formats;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Says when a run's figures should not be trusted as the device's steady speed: its CPU clock fell by more than
 * {@link #CLOCK_DROP} during the run (thermal or power throttling), or its latency drifted upward, the median of the
 * last tenth of the runs exceeding the first tenth's by more than {@link LatencyDrift#DRIFT}. A board that heats up does both.
 */
public final class ThrottleRule {
    static final double CLOCK_DROP = 0.10;

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

    /** {@link LatencyDrift}'s rule, said with the two medians for the table. */
    static Optional<String> drift(long[] samplesNanos) {
        return LatencyDrift.tenths(samplesNanos).filter(LatencyDrift.Tenths::drifted).map(t ->
                "latency drifted up " + Formats.decimal((t.ratio() - 1) * 100, 0) + " % (median of first tenth "
                        + Formats.millis(t.firstMedianNanos() / 1e6) + ", last tenth "
                        + Formats.millis(t.lastMedianNanos() / 1e6) + ")");
    }

    private static OptionalDouble meanKhz(TelemetrySample sample) {
        return sample.cpuFrequenciesKhz().stream().mapToLong(Long::longValue).average();
    }

    private static String ghz(double khz) {
        return Formats.decimal(khz / 1e6, 2) + " GHz";
    }
}
