package dev.lathe.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.BranchModels;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.parameter.ParameterException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Models and settings quantization cannot use say so, and settings that do nothing are flagged. */
class QuantizerBadInputTest {

    static QuantizeSpec dynamic(List<String> exclude) {
        return new QuantizeSpec(QuantizeSpec.Mode.DYNAMIC, true, false, QuantizeSpec.ReduceRange.AUTO, QuantizeSpec.Calibration.DEFAULT,
                exclude, Optional.empty());
    }

    @Test
    void aModelWithNoQuantizableOpIsRefusedSayingSo() {
        OnnxModel onlyRelu = new OnnxModel(new OnnxGraphBuilder("relu")
                .input("x", ElementType.FLOAT, List.of(1, 4)).output("y", ElementType.FLOAT, List.of(1, 4))
                .node("Relu", List.of("x"), List.of("y"), "relu").build());

        assertThatThrownBy(() -> new Quantizer(Samples.runtimes()).quantize(onlyRelu, dynamic(List.of()),
                Optional.empty(), Progress.NONE))
                .isInstanceOf(QuantizationException.class)
                .hasMessageContaining("no node that dynamic quantization can change");
    }

    @Test
    void aModelWhoseMatMulsAreAllInsideIfBranchesIsRefusedSayingWhereTheyAre() {
        assertThatThrownBy(() -> new Quantizer(Samples.runtimes()).quantize(BranchModels.ifOverTwoMatMuls(),
                dynamic(List.of()), Optional.empty(), Progress.NONE))
                .isInstanceOf(QuantizationException.class)
                .hasMessageContaining("its 2 MatMul nodes are inside the subgraphs of If nodes, which Lathe does not "
                        + "quantize yet");
    }

    @Test
    void fp16RefusesAModelWhoseWeightsLiveInIfBranches() {
        assertThatThrownBy(() -> new HalfPrecision(Samples.runtimes()).convert(BranchModels.ifOverTwoMatMuls(),
                HalfPrecision.Precision.FP16))
                .isInstanceOf(QuantizationException.class)
                .hasMessageContaining("keeps 128 float weights inside the subgraphs of If/Loop/Scan nodes");
    }

    @Test
    void excludingEveryQuantizableNodeIsRefusedToo() {
        assertThatThrownBy(() -> new Quantizer(Samples.runtimes()).quantize(MatMulModels.mlp(1, false),
                dynamic(List.of("MatMul")), Optional.empty(), Progress.NONE))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("outside the exclude list");
    }

    @Test
    void anExcludePatternThatMatchesNothingIsWarnedAbout() throws Exception {
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(MatMulModels.mlp(1, false),
                dynamic(List.of("/head/.*", "/fc2/.*")), Optional.empty(), Progress.NONE);

        assertThat(q.warnings()).singleElement().asString().contains("'/head/.*' matches no node");
        assertThat(q.quantizedNodes()).containsExactly("/fc0/MatMul", "/fc0/Add", "/fc1/MatMul", "/fc1/Add");
        assertThat(q.floatNodes()).contains(new QuantizedModel.FloatNode("/fc2/MatMul", "MatMul",
                "excluded by /fc2/.*"));
    }

    @Test
    void calibrationInputsThatDoNotFitTheModelAreRefusedSayingSo() {
        CalibrationData colour = new CalibrationData(List.of(Fidelity.randomInput(1, 4, 3, 32, 32)), "cifar");

        assertThatThrownBy(() -> new Quantizer(Samples.runtimes()).quantize(OnnxModel.read(Samples.cnn()),
                staticSpec(300, 99.99), Optional.of(colour), Progress.NONE))
                .isInstanceOf(QuantizationException.class)
                .hasMessageContaining("check that the calibration set fits the model's input");
    }

    @Test
    void calibrationSettingsOutOfRangeCannotEvenBeASpecAndNameTheirKey() {
        assertThatThrownBy(() -> staticSpec(0, 99.99)).isInstanceOf(ParameterException.class)
                .hasFieldOrPropertyWithValue("key", "samples").hasMessage("'samples' is how many examples calibrate: from 1 to 1,000,000, like 512, not 0");
        assertThatThrownBy(() -> staticSpec(10, 120)).isInstanceOf(ParameterException.class)
                .hasFieldOrPropertyWithValue("key", "percentile")
                .hasMessage("'percentile' must be above 50 and at most 100, like 99.99, not 120.0");
        assertThatThrownBy(() -> dynamic(List.of("/fc[0"))).isInstanceOf(ParameterException.class)
                .hasFieldOrPropertyWithValue("key", "exclude")
                .hasMessageStartingWith("'exclude' entry \"/fc[0\" is not a valid regular expression");
    }

    private static QuantizeSpec staticSpec(int samples, double percentile) {
        return new QuantizeSpec(QuantizeSpec.Mode.STATIC, true, false, QuantizeSpec.ReduceRange.AUTO, new QuantizeSpec.Calibration(
                QuantizeSpec.CalibrationMethod.PERCENTILE, percentile, samples), List.of(), Optional.empty());
    }
}
