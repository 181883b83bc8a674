package dev.lathe.views.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.store.PruningSummary;
import dev.lathe.engine.store.TrainingSummary;
import dev.lathe.engine.store.VariantReport;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VariantSummaryTest {
    private Locale before;

    @BeforeEach
    void english() {
        before = Locale.getDefault();
        Locale.setDefault(Locale.ROOT);
    }

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    @Test
    void aQuantizedVariantCountsItsNodes() {
        VariantReport r = new VariantReport(List.of("/a", "/b"), List.of(), List.of(), List.of(), Optional.empty(),
                Optional.empty());

        assertThat(VariantSummary.of(r)).isEqualTo("2 nodes quantized, 0 left in float");
    }

    @Test
    void aPrunedAndTrainedVariantSaysWhatItCutAndHowItTrained() {
        VariantReport r = new VariantReport(List.of(), List.of(), List.of(), List.of(),
                Optional.of(new TrainingSummary(2, 6000, 0.4215, 0.875, 12_340)),
                Optional.of(new PruningSummary("channel", 447_642, 112_274, 447_642, 112_274, 1_662_225, 418_496,
                        List.of(), "runs faster")));

        assertThat(VariantSummary.of(r)).isEqualTo("pruned (channel): parameters 447,642 → 112,274, non-zero 447,642 → "
                + "112,274, gzip 1.59 MiB → 409 KiB; trained 2 epochs on 6,000 examples in 12.3 s, final loss 0.422, "
                + "train accuracy 87.5 %");
    }
}
