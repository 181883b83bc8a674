package dev.lathe.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quantizing the shipped Fashion-MNIST CNN, judged on all 10 000 test images in ONNX Runtime. */
class QuantizerCnnTest {
    private static double floatTop1;

    @TempDir
    Path tmp;

    @BeforeAll
    static void measureFloat() throws Exception {
        floatTop1 = FashionMnist.top1(Samples.cnn());
    }

    static QuantizeSpec spec(QuantizeSpec.Mode mode) {
        return new QuantizeSpec(mode, true, false, QuantizeSpec.ReduceRange.AUTO, QuantizeSpec.Calibration.DEFAULT, List.of(),
                Optional.empty());
    }

    @Test
    void staticPerChannelInt8IsFourTimesSmallerKeepsTop1WithinHalfAPointAndFusesIntoQLinearConv() throws Exception {
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(OnnxModel.read(Samples.cnn()),
                spec(QuantizeSpec.Mode.STATIC), Optional.of(FashionMnist.calibration(300)), Progress.NONE);
        Path file = tmp.resolve("cnn-static.onnx");
        q.model().write(file);

        assertThat((double) Files.size(Samples.cnn()) / Files.size(file)).isGreaterThanOrEqualTo(3.5);
        assertThat(floatTop1 - FashionMnist.top1(file)).isLessThanOrEqualTo(0.005);
        assertThat(q.quantizedNodes()).contains("/features/conv1/Conv", "/features/conv1/Relu",
                "/features/pool1/MaxPool", "/classifier/flatten/Flatten", "/classifier/fc2/Gemm");
        assertThat(q.floatNodes()).isEmpty();
        assertThat(FashionMnist.optimizedOps(file, tmp.resolve("optimized.onnx")))
                .contains("QLinearConv").doesNotContain("Conv");
    }

    @ParameterizedTest
    @CsvSource({"MINMAX, false", "ENTROPY, false", "PERCENTILE, true", "ENTROPY, true"})
    void everyCalibrationMethodAndActivationSchemeKeepsTop1WithinHalfAPoint(QuantizeSpec.CalibrationMethod method,
            boolean symmetric) throws Exception {
        QuantizeSpec spec = new QuantizeSpec(QuantizeSpec.Mode.STATIC, true, symmetric, QuantizeSpec.ReduceRange.AUTO,
                new QuantizeSpec.Calibration(method, 99.99, 300), List.of(), Optional.empty());
        Path file = tmp.resolve("cnn-" + method + "-" + symmetric + ".onnx");
        new Quantizer(Samples.runtimes()).quantize(OnnxModel.read(Samples.cnn()), spec,
                Optional.of(FashionMnist.calibration(300)), Progress.NONE).model().write(file);

        assertThat(floatTop1 - FashionMnist.top1(file)).isLessThanOrEqualTo(0.005);
        assertThat(FashionMnist.optimizedOps(file, tmp.resolve("optimized.onnx"))).contains("QLinearConv");
    }

    @Test
    void residualCnnWithBatchNormsFoldsThemAndRunsEveryConvInt8() throws Exception {
        OnnxModel model = ResidualCnn.build(13);
        CalibrationData calibration = new CalibrationData(List.of(Fidelity.randomInput(1, 32, 3, 16, 16)), "random");
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(model, spec(QuantizeSpec.Mode.STATIC),
                Optional.of(calibration), Progress.NONE);
        FloatTensor input = Fidelity.randomInput(2, 8, 3, 16, 16);

        FloatTensor expected = Fidelity.run(model, tmp.resolve("res.onnx"), input);
        FloatTensor actual = Fidelity.run(q.model(), tmp.resolve("res-int8.onnx"), input);

        assertThat(Fidelity.cosine(expected, actual)).isGreaterThanOrEqualTo(0.99);
        assertThat(q.quantizedNodes()).contains("/block/conv1", "/block/conv2", "/fc", "/block/bn1", "/block/bn2",
                "/block/clip", "/block/residual", "/pool");
        assertThat(q.floatNodes()).isEmpty();
        assertThat(FashionMnist.optimizedOps(tmp.resolve("res-int8.onnx"), tmp.resolve("opt.onnx")))
                .doesNotContain("Conv", "BatchNormalization", "Clip", "Add", "GlobalAveragePool")
                .contains("QLinearConv", "QLinearAdd", "QLinearGlobalAveragePool", "QGemm");
    }

    @Test
    void dynamicInt8RunsTheConvsAsConvIntegerAndKeepsTop1WithinAPoint() throws Exception {
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(OnnxModel.read(Samples.cnn()),
                spec(QuantizeSpec.Mode.DYNAMIC), Optional.empty(), Progress.NONE);
        Path file = tmp.resolve("cnn-dynamic.onnx");
        q.model().write(file);

        assertThat(floatTop1 - FashionMnist.top1(file)).isLessThanOrEqualTo(0.01);
        assertThat(q.quantizedNodes()).filteredOn(n -> n.endsWith("/Conv")).hasSize(4);
        assertThat(q.floatNodes()).noneMatch(n -> n.op().equals("Conv"));
        assertThat((double) Files.size(Samples.cnn()) / Files.size(file)).isGreaterThan(3.5);
        assertThat(FashionMnist.optimizedOps(file, tmp.resolve("cnn-dynamic-as-loaded.onnx")))
                .filteredOn("ConvInteger"::equals).hasSize(4);
    }

    @Test
    void weightOnlyInt8IsFourTimesSmallerAndKeepsTop1WithinAPoint() throws Exception {
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(OnnxModel.read(Samples.cnn()),
                spec(QuantizeSpec.Mode.WEIGHT_ONLY), Optional.empty(), Progress.NONE);
        Path file = tmp.resolve("cnn-weights.onnx");
        q.model().write(file);

        assertThat((double) Files.size(Samples.cnn()) / Files.size(file)).isGreaterThanOrEqualTo(3.5);
        assertThat(floatTop1 - FashionMnist.top1(file)).isLessThanOrEqualTo(0.01);
    }

    @Test
    void weightOnlyWeightsBecomeFloatConstantsWhenOnnxRuntimeLoadsTheModel() throws Exception {
        // Nothing of the int8 form may be left to run on every call: ORT folds Cast + Mul, not DequantizeLinear.
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(OnnxModel.read(Samples.cnn()),
                spec(QuantizeSpec.Mode.WEIGHT_ONLY), Optional.empty(), Progress.NONE);
        Path file = tmp.resolve("cnn-weights.onnx");
        Path loaded = tmp.resolve("cnn-weights-as-loaded.onnx");
        q.model().write(file);
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        try (ai.onnxruntime.OrtSession.SessionOptions options = new ai.onnxruntime.OrtSession.SessionOptions()) {
            options.setOptimizationLevel(ai.onnxruntime.OrtSession.SessionOptions.OptLevel.BASIC_OPT);
            options.setOptimizedModelFilePath(loaded.toString());
            env.createSession(file.toString(), options).close();
        }

        assertThat(OnnxModel.read(loaded).proto().getGraph().getNodeList())
                .extracting(n -> n.getOpType()).doesNotContain("DequantizeLinear", "Cast");
    }

    @Test
    void staticQuantizationWithoutCalibrationDataSaysWhatItNeeds() {
        assertThatThrownBy(() -> new Quantizer(Samples.runtimes()).quantize(OnnxModel.read(Samples.cnn()),
                spec(QuantizeSpec.Mode.STATIC), Optional.empty(), Progress.NONE))
                .isInstanceOf(QuantizationException.class).hasMessageContaining("needs calibration data");
    }

    @Test
    void interruptingCalibrationCancelsIt() throws Exception {
        CalibrationData data = FashionMnist.calibration(300);
        Progress interruptAfterFirstBatch = (done, total, message) -> Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> new Quantizer(Samples.runtimes()).quantize(OnnxModel.read(Samples.cnn()),
                    spec(QuantizeSpec.Mode.STATIC), Optional.of(data), interruptAfterFirstBatch))
                    .isInstanceOf(CancelledException.class).hasMessageContaining("Calibration");
        } finally {
            Thread.interrupted();
        }
    }
}
