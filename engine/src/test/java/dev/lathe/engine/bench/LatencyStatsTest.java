package dev.lathe.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void percentilesInterpolateBetweenClosestRanksLikeNumpy() {
        long[] nanos = new long[101];
        for (int i = 0; i <= 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L; // 0..100 ms, unsorted on purpose
        }
        LatencyStats s = LatencyStats.of(nanos);
        assertThat(s.p50Ms()).isEqualTo(50.0);
        assertThat(s.p90Ms()).isEqualTo(90.0);
        assertThat(s.p99Ms()).isEqualTo(99.0);
        assertThat(s.minMs()).isEqualTo(0.0);
        assertThat(s.maxMs()).isEqualTo(100.0);
        assertThat(s.meanMs()).isEqualTo(50.0);
        // numpy.std(range(101), ddof=1) = 29.3002...
        assertThat(s.stdMs()).isCloseTo(29.3002, within(1e-4));
    }

    @Test
    void aPercentileBetweenTwoSamplesIsWeighted() {
        LatencyStats s = LatencyStats.of(new long[] {1_000_000, 2_000_000, 3_000_000, 4_000_000});
        // numpy.percentile([1,2,3,4], 90) = 3.7
        assertThat(s.p90Ms()).isCloseTo(3.7, within(1e-9));
        assertThat(s.p50Ms()).isCloseTo(2.5, within(1e-9));
    }
}
