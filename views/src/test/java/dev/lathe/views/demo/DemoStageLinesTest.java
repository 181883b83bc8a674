package dev.lathe.views.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoStageLinesTest {
    @Test
    void aRunOfProgressLinesOfOneKindShowsAsItsLatestAndResultsStay() {
        assertThat(DemoStage.progressOfTheSameKind("Evaluated 64 of 10000", "Evaluated 896 of 10000")).isTrue();
        assertThat(DemoStage.progressOfTheSameKind("Evaluated 9088 of 10000", "Calibrated on 32 of 200 examples"))
                .isFalse();
        assertThat(DemoStage.progressOfTheSameKind("Evaluated 9088 of 10000", "Evaluated cnn.onnx: 93.38 %"))
                .isFalse();
        assertThat(DemoStage.progressOfTheSameKind("Exported cnn.onnx into /tmp:", "  cnn.onnx")).isFalse();
    }
}
