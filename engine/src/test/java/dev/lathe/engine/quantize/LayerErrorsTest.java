package dev.lathe.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-layer error report compares each quantized node with the float model on calibration inputs. */
class LayerErrorsTest {

    @Test
    void staticCnnReportListsEveryWeightedLayerWorstFirst() throws Exception {
        OnnxModel cnn = OnnxModel.read(Samples.cnn());
        CalibrationData data = FashionMnist.calibration(128);
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(cnn, QuantizerCnnTest.spec(
                QuantizeSpec.Mode.STATIC), Optional.of(data), Progress.NONE);

        List<LayerError> errors = LayerErrors.measure(Samples.runtimes(), cnn, q, data, 64, Progress.NONE);

        // MaxPool and Flatten pass 8-bit values through unchanged: their error is their input's, so they are not listed.
        assertThat(errors).extracting(LayerError::op)
                .containsExactlyInAnyOrder("Conv", "Conv", "Conv", "Conv", "Gemm", "Gemm");
        assertThat(errors).extracting(LayerError::sqnrDb).isSorted().allSatisfy(db -> assertThat(db).isBetween(10.0,
                80.0));
        assertThat(errors).extracting(LayerError::node).doesNotContain("/features/conv1/Relu");
    }

    @Test
    void excludingTheWorstLayerRemovesItFromTheReport() throws Exception {
        OnnxModel mlp = MatMulModels.mlp(7, false);
        CalibrationData data = new CalibrationData(List.of(Fidelity.randomInput(1, 32, 784)), "random");
        QuantizeSpec spec = new QuantizeSpec(QuantizeSpec.Mode.DYNAMIC, true, false, QuantizeSpec.ReduceRange.AUTO,
                QuantizeSpec.Calibration.DEFAULT, List.of("/fc1/.*"), Optional.empty());
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(mlp, spec, Optional.empty(), Progress.NONE);

        List<LayerError> errors = LayerErrors.measure(Samples.runtimes(), mlp, q, data, 32, Progress.NONE);

        assertThat(errors).extracting(LayerError::node).containsExactlyInAnyOrder("/fc0/MatMul", "/fc2/MatMul");
        assertThat(errors).allSatisfy(e -> assertThat(e.relativeError()).isBetween(0.0, 0.1));
    }
}
