package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private static final long S = 1_000_000_000L;
    private final ProgressLine line = new ProgressLine();

    @Test
    void saysTheStepThePercentageAndTheTimeLeftAtThePaceOfTheWorkSoFar() {
        line.stage("step 1/2 quantize", 0);
        line.report(0, 300, "Calibrated on 0 of 300 examples", 0);
        line.report(120, 300, "Calibrated on 120 of 300 examples", 8 * S);

        assertThat(line.text(8 * S)).isEqualTo("step 1/2 quantize: calibrated on 120 of 300 examples (40 %), 12 s left");
    }

    @Test
    void aNewKindOfWorkStartsItsOwnPaceAndSaysNoTimeLeftForItsFirstSecond() {
        line.report(10, 10, "Read 10 of 10 calibration examples", 60 * S);
        line.report(0, 1000, "Evaluated 0 of 1000", 61 * S);

        assertThat(line.text(61 * S + S / 2)).isEqualTo("Evaluated 0 of 1000 (0 %)");
        line.report(250, 1000, "Evaluated 250 of 1000", 71 * S);
        assertThat(line.text(71 * S)).isEqualTo("Evaluated 250 of 1000 (25 %), 30 s left");
    }

    @Test
    void openEndedWorkSaysHowLongItHasRunOnceItIsLong() {
        line.stage("step 2/2 finetune", 0);
        line.report(0, -1, "Starting PyTorch to fine-tune cnn.onnx", 0);

        assertThat(line.text(2 * S)).isEqualTo("step 2/2 finetune: starting PyTorch to fine-tune cnn.onnx");
        assertThat(line.text(125 * S)).isEqualTo("step 2/2 finetune: starting PyTorch to fine-tune cnn.onnx, for 2 min 5 s");
    }

    @Test
    void aNewStageForgetsTheLastStagesMessageAndControlCharactersAreEscaped() {
        line.stage("step 1/1 quantize", 0);
        line.report(128, 128, "Compared layers on 128 examples", S);
        line.stage("evaluating cnn\u001b[2J.onnx", 2 * S);

        assertThat(line.text(2 * S)).isEqualTo("evaluating cnn\\u001b[2J.onnx");
        line.report(0, -1, "Reading t10k\u0007.gz", 2 * S);
        assertThat(line.what()).isEqualTo("evaluating cnn\\u001b[2J.onnx: reading t10k\\u0007.gz");
    }
}
