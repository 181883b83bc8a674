package dev.lathe.engine.store;

import dev.lathe.engine.hardware.RuntimeVersion;
import dev.lathe.engine.hardware.Bf16;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.hardware.Int8Path;
import dev.lathe.engine.eval.EvaluationResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccuracyGapTest {
    private static final DeviceFingerprint VNNI = device("vm", Int8Path.AVX512_VNNI);
    private static final DeviceFingerprint AVX2 = device("zen3", Int8Path.AVX2);

    @Test
    void aGapPastThreePointsOfAPercentIsFlaggedNamingBothDevicesAndTheirInt8Paths() {
        AccuracyGap gap = AccuracyGap.between(evaluation(AVX2, "data", 10_000, 0.9163),
                evaluation(VNNI, "data", 10_000, 0.9338)).orElseThrow();

        assertThat(gap.points()).isCloseTo(-1.75, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gap.flagged()).isTrue();
        assertThat(gap.sentence()).isEqualTo("91.63 % on zen3 (AVX2 (no VNNI)) against 93.38 % on vm (AVX-512 VNNI): "
                + "−1.75 pp on 10000 examples");
    }

    @Test
    void aGapWithinTheLimitIsShownButNotFlagged() {
        AccuracyGap gap = AccuracyGap.between(evaluation(AVX2, "data", 10_000, 0.9341),
                evaluation(VNNI, "data", 10_000, 0.9338)).orElseThrow();

        assertThat(gap.flagged()).isFalse();
        assertThat(gap.signedPoints()).isEqualTo("+0.03 pp");
    }

    @Test
    void onlyTheSameExamplesOnTwoDevicesCompare() {
        StoredEvaluation here = evaluation(VNNI, "data", 10_000, 0.93);

        assertThat(AccuracyGap.between(evaluation(AVX2, "other data", 10_000, 0.90), here)).isEmpty();
        assertThat(AccuracyGap.between(evaluation(AVX2, "data", 1_000, 0.90), here)).isEmpty();
        assertThat(AccuracyGap.between(evaluation(VNNI, "data", 10_000, 0.90), here)).as("one device").isEmpty();
    }

    static StoredEvaluation evaluation(DeviceFingerprint device, String dataSha, int samples, double top1) {
        EvaluationResult result = new EvaluationResult(samples, top1, Optional.empty(), List.of(), List.of(),
                new int[0][0], "scale 1/255", "ONNX Runtime 1.23.2", 1000);
        return new StoredEvaluation(1, "model", device, "t10k", "/data/t10k", dataSha, result, Instant.EPOCH);
    }

    static DeviceFingerprint device(String name, Int8Path path) {
        return new DeviceFingerprint("agent-" + name, name, "cpu", 2, 1L << 30, "Linux", "amd64", "17",
                List.of(new RuntimeVersion("onnxruntime", "1.23.2")), path, Bf16.EMULATED);
    }
}
