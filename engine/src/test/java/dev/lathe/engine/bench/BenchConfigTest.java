package dev.lathe.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchConfigTest {
    @Test
    void iterationsPastTheBoundAreRefusedNamingItInsteadOfRunningOutOfMemory() {
        // Before: bench --iterations 2147483647 allocated 16 GB of samples up front and died of OutOfMemoryError.
        assertThatThrownBy(() -> new BenchConfig(20, Integer.MAX_VALUE, 0, 1, 1, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("iterations must be from 1 to 10,000,000, got 2147483647 (every run's latency is kept)");
        assertThat(new BenchConfig(0, BenchConfig.MAX_ITERATIONS, 0, 1, 1, Optional.empty()).iterations())
                .isEqualTo(10_000_000);
    }

    @Test
    void everySettingHasABound() {
        assertThatThrownBy(() -> new BenchConfig(2_000_000, 1, 0, 1, 1, Optional.empty()))
                .hasMessage("warmup must be from 0 to 1,000,000, got 2000000");
        assertThatThrownBy(() -> new BenchConfig(0, 1, 90_000, 1, 1, Optional.empty()))
                .hasMessage("duration must be from 0 to 86,400 seconds (24 hours), got 90000.0");
        assertThatThrownBy(() -> new BenchConfig(0, 1, Double.NaN, 1, 1, Optional.empty()))
                .hasMessageStartingWith("duration must be from 0 to 86,400 seconds");
        assertThatThrownBy(() -> new BenchConfig(0, 1, 0, 100_000, 1, Optional.empty()))
                .hasMessage("batch must be from 1 to 65,536, got 100000");
        assertThatThrownBy(() -> new BenchConfig(0, 1, 0, 1, 5_000, Optional.empty()))
                .hasMessage("threads must be from 1 to 1,024, got 5000");
        assertThatThrownBy(() -> new BenchConfig(0, 1, 0, 1, 1, Optional.of(new long[] {1, 3, 1L << 40, 1})))
                .hasMessage("input shape 1x3x1099511627776x1 has a size of 1099511627776; sizes run from 1 to "
                        + "2,147,483,647");
        assertThatThrownBy(() -> new BenchConfig(0, 1, 0, 1, 1, Optional.of(new long[] {64, 3, 4096, 4096})))
                .hasMessage("input shape 64x3x4096x4096 holds 3,221,225,472 values; Lathe feeds at most 268,435,456 "
                        + "(1 GiB of float) per run");
    }
}
