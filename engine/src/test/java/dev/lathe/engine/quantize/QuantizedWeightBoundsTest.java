package dev.lathe.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class QuantizedWeightBoundsTest {
    @Test
    void dimsWhoseProductIsZeroPutEveryValueInChannelZeroRatherThanDivideByZero() {
        // Issue 12: dims of 2^32 × 2^32 after the channel axis multiply to 0 in a long; the stride was a divisor.
        QuantizedWeight w = QuantizedWeight.of(FloatBuffer.wrap(new float[] {1, -2}), new long[] {2, 1L << 32, 1L << 32},
                0, QuantizeSpec.ReduceRange.OFF);
        assertThat(w.values()).hasSize(2);
        assertThat(QuantizedWeight.channel(7, 0, 4)).isZero();
    }
}
