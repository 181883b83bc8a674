package dev.lathe.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accuracy-aware mode keeps the most sensitive layers float until the drop fits the budget. */
class AccuracyAwareQuantizerTest {
    @TempDir
    Path tmp;

    /** A budget of no drop at all, as near as a recipe's accuracy_budget (above 0) comes: far below 1/2048. */
    private static final double TIGHTEST = 1e-9;

    static QuantizeSpec spec(double budget) {
        return new QuantizeSpec(QuantizeSpec.Mode.DYNAMIC, true, false, QuantizeSpec.ReduceRange.ON, QuantizeSpec.Calibration.DEFAULT,
                List.of(), Optional.of(budget));
    }

    @Test
    void aTightBudgetKeepsTheMostSensitiveLayersFloatWorstFirstAndSaysWhatEachWonBack() throws Exception {
        OnnxModel mlp = MatMulModels.mlp(7, false);
        CalibrationData data = new CalibrationData(List.of(Fidelity.randomInput(1, 64, 784)), "random");
        AccuracyAwareQuantizer.AccuracyProbe agreement = agreementWith(mlp, Fidelity.randomInput(5, 2048, 784));

        AccuracyAwareQuantizer.Result result = new AccuracyAwareQuantizer(new Quantizer(Samples.runtimes()))
                .quantize(mlp, spec(TIGHTEST), Optional.empty(), data, agreement, Progress.NONE);

        List<String> worstFirst = result.layerErrors().stream().map(LayerError::node).toList();
        assertThat(result.keptFloat()).extracting(AccuracyAwareQuantizer.KeptFloat::node)
                .containsExactlyElementsOf(worstFirst.subList(0, 2));
        assertThat(result.keptFloat()).allSatisfy(k -> assertThat(k.top1Gain()).isPositive());
        // The last MatMul in int8, and its bias Add, folded into the kernel.
        assertThat(result.model().quantizedNodes()).hasSize(2).first().isEqualTo(worstFirst.get(2));
        assertThat(result.top1()).isGreaterThan(result.floatTop1() - 0.05);
        assertThat(result.withinBudget()).isEqualTo(result.floatTop1() - result.top1() <= TIGHTEST);
    }

    @Test
    void aBudgetTheFullyQuantizedModelMeetsKeepsNothingFloat() throws Exception {
        OnnxModel mlp = MatMulModels.mlp(7, false);
        CalibrationData data = new CalibrationData(List.of(Fidelity.randomInput(1, 64, 784)), "random");

        AccuracyAwareQuantizer.Result result = new AccuracyAwareQuantizer(new Quantizer(Samples.runtimes()))
                .quantize(mlp, spec(0.05), Optional.empty(), data,
                        agreementWith(mlp, Fidelity.randomInput(5, 2048, 784)), Progress.NONE);

        assertThat(result.withinBudget()).isTrue();
        assertThat(result.keptFloat()).isEmpty();
        assertThat(result.model().quantizedNodes()).hasSize(6); // three MatMuls and their folded bias Adds
    }

    @Test
    void aLayerKeptOnTheWayThatWonNothingBackReturnsToInt8() throws Exception {
        OnnxModel mlp = MatMulModels.mlp(7, false);
        CalibrationData data = new CalibrationData(List.of(Fidelity.randomInput(1, 64, 784)), "random");
        Quantizer quantizer = new Quantizer(Samples.runtimes());
        List<LayerError> ranking = LayerErrors.measure(Samples.runtimes(), mlp, quantizer.quantize(mlp, spec(TIGHTEST), Optional.empty(),
                Progress.NONE), data, 64, Progress.NONE);
        // Only the second-worst layer matters to this probe: the worst is kept float on the way, then given back.
        String matters = ranking.get(1).node();
        AccuracyAwareQuantizer.AccuracyProbe onlyOneLayer = model -> model.proto().getGraph().getNodeList().stream()
                .anyMatch(n -> n.getName().equals(matters) && n.getOpType().equals("MatMul")) ? 1.0 : 0.9;

        AccuracyAwareQuantizer.Result result = new AccuracyAwareQuantizer(quantizer)
                .quantize(mlp, spec(TIGHTEST), Optional.empty(), data, onlyOneLayer, Progress.NONE);

        assertThat(result.keptFloat()).extracting(AccuracyAwareQuantizer.KeptFloat::node).containsExactly(matters);
        assertThat(result.keptFloat().get(0).top1Gain()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(result.model().quantizedNodes()).hasSize(4).doesNotContain(matters);
        assertThat(result.withinBudget()).isTrue();
    }

    /** Top-1 agreement with the float model's predictions: the accuracy a model has against its parent. */
    private AccuracyAwareQuantizer.AccuracyProbe agreementWith(OnnxModel reference, FloatTensor inputs)
            throws Exception {
        int[] truth = argmax(Fidelity.run(reference, tmp.resolve("ref.onnx"), inputs));
        return model -> {
            int[] predicted;
            try {
                predicted = argmax(Fidelity.run(model, tmp.resolve("probe.onnx"), inputs));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int same = 0;
            for (int i = 0; i < truth.length; i++) {
                same += truth[i] == predicted[i] ? 1 : 0;
            }
            return (double) same / truth.length;
        };
    }

    private static int[] argmax(FloatTensor scores) {
        int[] best = new int[scores.rows()];
        int k = scores.rowLength();
        for (int r = 0; r < best.length; r++) {
            for (int c = 1; c < k; c++) {
                if (scores.data()[r * k + c] > scores.data()[r * k + best[r]]) {
                    best[r] = c;
                }
            }
        }
        return best;
    }
}
