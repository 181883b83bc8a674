package dev.lathe.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Calibration methods on a known distribution: standard normal values plus a few huge outliers. */
class RangeObserverTest {

    private static RangeObserver observed() {
        Random random = new Random(42);
        RangeObserver observer = new RangeObserver();
        for (int batch = 0; batch < 4; batch++) {
            float[] values = new float[100_000];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            values[batch] = 50f * (batch + 1);
            observer.observe(FloatBuffer.wrap(values));
        }
        return observer;
    }

    @Test
    void minMaxKeepsTheOutliers() {
        ActivationRange range = observed().range(new QuantizeSpec.Calibration(QuantizeSpec.CalibrationMethod.MINMAX, 99.99,
                1));
        assertThat(range.high()).isEqualTo(200f);
    }

    @Test
    void percentileAndEntropyClipTheOutliersButKeepTheBulk() {
        RangeObserver observer = observed();
        ActivationRange percentile = observer.range(new QuantizeSpec.Calibration(
                QuantizeSpec.CalibrationMethod.PERCENTILE, 99.99, 1));
        ActivationRange entropy = observer.range(new QuantizeSpec.Calibration(
                QuantizeSpec.CalibrationMethod.ENTROPY, 99.99, 1));

        assertThat(percentile.high()).isBetween(3.5f, 5f);
        assertThat(entropy.high()).isBetween(3.5f, 20f);
        assertThat(entropy.low()).as("no negative outliers to clip").isBetween(-6f, -4f);
    }
}
