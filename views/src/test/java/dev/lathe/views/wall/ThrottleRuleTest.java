package dev.lathe.views.wall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.device.TelemetrySample;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ThrottleRuleTest {

    private static TelemetrySample reading(long... khz) {
        return new TelemetrySample(0, List.of(55.0), LongStream.of(khz).boxed().toList(), -1, -1);
    }

    private static long[] steady(int n, long nanos) {
        return LongStream.generate(() -> nanos).limit(n).toArray();
    }

    @Test
    void aClockThatFallsMoreThanATenthDuringTheRunIsReported() {
        List<TelemetrySample> hot = List.of(reading(1_800_000, 1_800_000), reading(1_700_000, 1_700_000),
                reading(1_500_000, 1_500_000));

        assertThat(ThrottleRule.warning(steady(200, 1_000_000), hot)).hasValueSatisfying(w ->
                assertThat(w).contains("CPU clock fell 17 %").contains("1.80 GHz → 1.50 GHz"));
    }

    @Test
    void aClockThatDipsByLessThanATenthIsNotThrottling() {
        List<TelemetrySample> fine = List.of(reading(1_800_000), reading(1_650_000), reading(1_800_000));

        assertThat(ThrottleRule.warning(steady(200, 1_000_000), fine)).isEmpty();
    }

    @Test
    void latencyWhoseLastTenthIsMoreThan15PercentSlowerThanItsFirstHasDrifted() {
        long[] samples = LongStream.range(0, 100).map(i -> 1_000_000 + i * 3_000).toArray();

        assertThat(ThrottleRule.drift(samples)).hasValueSatisfying(w -> assertThat(w).startsWith("latency drifted up"));
        assertThat(ThrottleRule.warning(samples, List.of())).isPresent();
    }

    @Test
    void latencyThatStaysWithin15PercentHasNotDrifted() {
        long[] samples = LongStream.range(0, 100).map(i -> 1_000_000 + i * 1_000).toArray();

        assertThat(ThrottleRule.drift(samples)).isEmpty();
    }

    @Test
    void tooFewRunsOrNoClockReadingsGiveNoVerdict() {
        long[] fortyNine = LongStream.range(0, 49).map(i -> 1_000_000 + i * 100_000).toArray();

        assertThat(ThrottleRule.drift(fortyNine)).isEmpty();
        assertThat(ThrottleRule.clockDrop(List.of(reading(), reading()))).isEmpty();
        assertThat(ThrottleRule.clockDrop(List.of(reading(2_000_000)))).isEmpty();
    }

    @Test
    void bothCausesAreNamedWhenBothHappen() {
        long[] samples = LongStream.range(0, 100).map(i -> 1_000_000 + i * 5_000).toArray();

        assertThat(ThrottleRule.warning(samples, List.of(reading(2_000_000), reading(1_000_000))))
                .hasValueSatisfying(w -> assertThat(w).contains("CPU clock fell 50 %").contains("; latency drifted"));
    }

    @Test
    void temperatureReadsStartToEndOrSaysThereIsNoSensor() {
        TelemetrySample cool = new TelemetrySample(0, List.of(41.0, 48.5), List.of(), -1, -1);
        TelemetrySample warm = new TelemetrySample(1, List.of(44.0, 56.25), List.of(), -1, -1);
        TelemetrySample none = new TelemetrySample(2, List.of(), List.of(), -1, -1);

        assertThat(WallRow.temperature(List.of(cool, none, warm))).isEqualTo(
                dev.lathe.views.common.Formats.decimal(48.5, 1) + " → "
                        + dev.lathe.views.common.Formats.decimal(56.25, 1) + " °C");
        assertThat(WallRow.temperature(List.of(none, none))).isEqualTo("no sensor");
        assertThat(WallRow.temperature(List.of())).isEqualTo("no readings");
    }
}
