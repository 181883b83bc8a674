package dev.lathe.views.wall;

import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.device.TelemetrySample;
import dev.lathe.views.common.Formats;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One line of the board wall's table: one variant on one device, as measured (or as far as it got).
 *
 * @param deviceIndex  the device's place on the wall, which picks its colour
 * @param stats        the latencies kept, if any
 * @param throughput   examples per second, NaN when the run did not finish
 * @param loadMillis   NaN when the run did not finish
 * @param peakRssBytes -1 when the run did not finish
 * @param temperature  the hottest sensor at the first and last reading, or why there is none
 * @param warning      the throttling warning, empty if none
 * @param outcome      "done", or how the run ended early
 */
public record WallRow(String variant, String device, int deviceIndex, Optional<LatencyStats> stats, double throughput,
                      double loadMillis, long peakRssBytes, String temperature, String warning, String outcome) {

    static WallRow measured(String variant, String device, int deviceIndex, BenchmarkResult r,
                            List<TelemetrySample> telemetry) {
        return new WallRow(variant, device, deviceIndex, Optional.of(r.stats()), r.throughput(), r.loadMillis(),
                r.peakRssBytes(), temperature(telemetry),
                ThrottleRule.warning(r.samplesNanos(), telemetry).orElse(""), "done");
    }

    static WallRow partial(String variant, String device, int deviceIndex, long[] kept,
                           List<TelemetrySample> telemetry, String outcome) {
        return new WallRow(variant, device, deviceIndex,
                kept.length == 0 ? Optional.empty() : Optional.of(LatencyStats.of(kept)), Double.NaN, Double.NaN, -1,
                temperature(telemetry), ThrottleRule.warning(kept, telemetry).orElse(""), outcome);
    }

    /** The hottest sensor's reading at the start and end of the run; the device's sensors are never guessed. */
    static String temperature(List<TelemetrySample> telemetry) {
        OptionalDouble start = OptionalDouble.empty();
        OptionalDouble end = OptionalDouble.empty();
        for (TelemetrySample t : telemetry) {
            OptionalDouble hottest = hottest(t);
            if (hottest.isPresent()) {
                start = start.isPresent() ? start : hottest;
                end = hottest;
            }
        }
        if (start.isEmpty()) {
            return telemetry.isEmpty() ? "no readings" : "no sensor";
        }
        return Formats.decimal(start.getAsDouble(), 1) + " → " + Formats.decimal(end.getAsDouble(), 1) + " °C";
    }

    static OptionalDouble hottest(TelemetrySample t) {
        return t.temperaturesCelsius().stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).max();
    }
}
