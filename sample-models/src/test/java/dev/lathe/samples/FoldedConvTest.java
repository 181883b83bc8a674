package dev.lathe.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FoldedConvTest {
    @Test
    void foldingScalesEachOutputChannelAndShiftsItsBias() {
        // Two output channels of two weights each; channel 1 has var 3 so that sqrt(var + eps) = 2 with eps = 1.
        float[] weights = {1f, 2f, 3f, 4f};
        float[] bias = {0.5f, -1f};
        FoldedConv.BatchNormStats norm = new FoldedConv.BatchNormStats(
                new float[] {2f, 4f}, new float[] {0.1f, 0.2f}, new float[] {1f, 3f}, new float[] {0f, 3f}, 1f);

        FoldedConv folded = FoldedConv.fold(weights, bias, norm);

        // channel 0: s = 2 / 1 = 2, bias (0.5 - 1) * 2 + 0.1 = -0.9; channel 1: s = 4 / 2 = 2, (-1 - 3) * 2 + 0.2
        assertThat(folded.weights()).containsExactly(2f, 4f, 6f, 8f);
        assertThat(folded.bias()[0]).isCloseTo(-0.9f, within(1e-6f));
        assertThat(folded.bias()[1]).isCloseTo(-7.8f, within(1e-6f));
    }

    @Test
    void convWithoutBiasFoldsAsIfItsBiasWereZero() {
        FoldedConv.BatchNormStats norm = new FoldedConv.BatchNormStats(
                new float[] {1f}, new float[] {0f}, new float[] {2f}, new float[] {1f}, 0f);

        assertThat(FoldedConv.fold(new float[] {1f}, null, norm).bias()).containsExactly(-2f);
    }
}
