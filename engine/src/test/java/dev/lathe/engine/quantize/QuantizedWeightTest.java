package dev.lathe.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.quantize.QuantizeSpec.ReduceRange;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantizedWeightTest {
    private static final long[] DIMS = {16, 8, 3, 3};

    @Test
    void autoRangeKeepsEverySameSignPairOfAChannelWithin128Steps() {
        QuantizedWeight w = QuantizedWeight.of(gaussian(1), DIMS, 0, ReduceRange.AUTO);

        for (int c = 0; c < DIMS[0]; c++) {
            assertThat(pairMax(w, c)).as("channel %d", c).isLessThanOrEqualTo(SaturationCheck.SAFE_PAIR_STEPS);
            assertThat(absMax(w, c)).as("channel %d keeps at least 7 bits", c).isGreaterThanOrEqualTo(63);
        }
    }

    @Test
    void autoRangeKeepsTheFullEightBitsForAWeightThatStandsAlone() {
        float[] values = new float[9];
        values[4] = 2f;
        values[0] = -0.5f;

        QuantizedWeight w = QuantizedWeight.of(FloatBuffer.wrap(values), new long[] {1, 1, 3, 3}, 0, ReduceRange.AUTO);

        assertThat(w.values()[4]).isEqualTo((byte) 127);
        assertThat(w.values()[0]).isEqualTo((byte) -32);
    }

    @Test
    void sevenBitAndFullRangesReachTheirDocumentedLimits() {
        QuantizedWeight seven = QuantizedWeight.of(gaussian(2), DIMS, 0, ReduceRange.ON);
        QuantizedWeight full = QuantizedWeight.of(gaussian(2), DIMS, 0, ReduceRange.OFF);

        for (int c = 0; c < DIMS[0]; c++) {
            assertThat(absMax(seven, c)).isEqualTo(63);
            assertThat(absMax(full, c)).isEqualTo(127);
        }
        assertThat(pairMax(full, 0)).as("full-range pairs pass 128 steps").isGreaterThan(128);
    }

    private static FloatBuffer gaussian(long seed) {
        Random r = new Random(seed);
        float[] v = new float[(int) (DIMS[0] * DIMS[1] * DIMS[2] * DIMS[3])];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 0.1);
        }
        return FloatBuffer.wrap(v);
    }

    private static int absMax(QuantizedWeight w, int channel) {
        int per = w.values().length / (int) DIMS[0];
        int max = 0;
        for (int i = channel * per; i < (channel + 1) * per; i++) {
            max = Math.max(max, Math.abs(w.values()[i]));
        }
        return max;
    }

    private static int pairMax(QuantizedWeight w, int channel) {
        int per = w.values().length / (int) DIMS[0];
        ChannelPeaks peaks = new ChannelPeaks(1);
        for (int i = channel * per; i < (channel + 1) * per; i++) {
            peaks.add(0, w.values()[i]);
        }
        return (int) peaks.pairMax(0);
    }
}
