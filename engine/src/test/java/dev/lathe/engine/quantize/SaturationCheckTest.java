package dev.lathe.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.quantize.QuantizeSpec.Mode;
import dev.lathe.engine.quantize.QuantizeSpec.ReduceRange;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The property that makes an int8 variant hold on every CPU, checked from the weights alone: with uint8 activations
 * (0 to 255) and int8 weights, no pair a1·w1 + a2·w2 of any int8 Conv, MatMul or Gemm can leave the 16-bit range
 * that x86 CPUs without VNNI add pairs in. Holds on whatever CPU runs it, since it reads no kernel's output.
 */
class SaturationCheckTest {

    @ParameterizedTest
    @CsvSource({"STATIC, AUTO, false", "DYNAMIC, AUTO, false", "STATIC, ON, false", "DYNAMIC, ON, false",
            "STATIC, OFF, true", "DYNAMIC, OFF, true"})
    void onlyFullRangeWeightsOfTheSampleCnnCanSaturateAPair(Mode mode, ReduceRange range, boolean saturates)
            throws Exception {
        QuantizedModel q = quantize(OnnxModel.read(Samples.cnn()), mode, range,
                mode == Mode.STATIC ? Optional.of(FashionMnist.calibration(64)) : Optional.empty());

        SaturationCheck.Report report = SaturationCheck.of(q.model().proto());

        assertThat(report.checked()).isEqualTo(mode == Mode.STATIC ? 6 : 2);
        assertThat(report.canSaturate()).isEqualTo(saturates);
        report.atRisk().forEach(layer -> assertThat(layer.worstPairSteps()).isGreaterThan(128).isLessThanOrEqualTo(254));
    }

    @ParameterizedTest
    @CsvSource({"AUTO, false", "OFF, true"})
    void residualConvNetsAndTransformerMatMulsFollowTheSameRule(ReduceRange range, boolean saturates)
            throws Exception {
        CalibrationData calibration = new CalibrationData(List.of(Fidelity.randomInput(1, 32, 3, 16, 16)), "random");
        QuantizedModel residual = quantize(ResidualCnn.build(13), Mode.STATIC, range, Optional.of(calibration));
        QuantizedModel encoder = quantize(MatMulModels.encoderBlock(7), Mode.DYNAMIC, range, Optional.empty());

        assertThat(SaturationCheck.of(residual.model().proto()).canSaturate()).isEqualTo(saturates);
        assertThat(SaturationCheck.of(encoder.model().proto()).canSaturate()).isEqualTo(saturates);
    }

    @Test
    void readsTheIntegerOpsOfOnnxRuntimesOwnQuantizerAndCountsEveryPairOfAChannel() {
        // Column 0 of the MatMulInteger weight holds 100 and 29 (129 steps); column 1 holds 127 and -127 (safe).
        byte[] matmul = {100, 127, 5, -127, 29, 0};
        // Output channel 1 of the QLinearConv weight holds -64 and -65 far apart in its kernel (129 steps).
        byte[] conv = new byte[18];
        conv[9] = -64;
        conv[17] = -65;
        conv[0] = 127;
        OnnxModel model = new OnnxModel(new OnnxGraphBuilder("ort-int8").opset(13)
                .input("a", ElementType.UINT8, List.of(1, 3)).input("x", ElementType.UINT8, List.of(1, 1, 4, 4))
                .output("y", ElementType.INT32, List.of(1, 2)).output("z", ElementType.UINT8, List.of(1, 2, 2, 2))
                .initializer("w", ElementType.INT8, matmul, 6, 3, 2)
                .initializer("k", ElementType.INT8, conv, 18, 2, 1, 3, 3)
                .initializer("s", new float[] {0.1f}).initializer("ks", new float[] {0.1f, 0.1f}, 2)
                .initializer("zu", ElementType.UINT8, new byte[] {0}, 1).initializer("zk", ElementType.INT8,
                        new byte[] {0, 0}, 2, 2)
                .node("MatMulInteger", List.of("a", "w"), List.of("y"), "mm")
                .node("QLinearConv", List.of("x", "s", "zu", "k", "ks", "zk", "s", "zu"), List.of("z"), "conv")
                .build());

        SaturationCheck.Report report = SaturationCheck.of(model.proto());

        assertThat(report.checked()).isEqualTo(2);
        assertThat(report.atRisk()).containsExactly(new SaturationCheck.Layer("mm", "MatMulInteger", 129, 1, 2),
                new SaturationCheck.Layer("conv", "QLinearConv", 129, 1, 2));
    }

    private static QuantizedModel quantize(OnnxModel model, Mode mode, ReduceRange range,
            Optional<CalibrationData> calibration) throws Exception {
        QuantizeSpec spec = new QuantizeSpec(mode, true, false, range, QuantizeSpec.Calibration.DEFAULT, List.of(),
                Optional.empty());
        return new Quantizer(Samples.runtimes()).quantize(model, spec, calibration, Progress.NONE);
    }
}
