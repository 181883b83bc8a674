package dev.lathe.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models exported with an old opset (paddle2onnx writes opset 9) still get what their opset allows. */
class QuantizerOldOpsetTest {
    @TempDir
    Path tmp;

    static OnnxModel convAtOpset(int opset) {
        Random random = new Random(11);
        return new OnnxModel(new OnnxGraphBuilder("conv")
                .opset(opset)
                .input("x", ElementType.FLOAT, List.of("batch", 3, 8, 8))
                .output("y", ElementType.FLOAT, List.of("batch", 4, 6, 6))
                .initializer("w", MatMulModels.gaussian(random, 4 * 3 * 3 * 3, 0.3), 4, 3, 3, 3)
                .initializer("b", MatMulModels.gaussian(random, 4, 0.1), 4)
                .node("Conv", List.of("x", "w", "b"), List.of("y"), "/conv")
                .build());
    }

    static QuantizeSpec spec(QuantizeSpec.Mode mode) {
        return new QuantizeSpec(mode, true, false, QuantizeSpec.ReduceRange.AUTO, QuantizeSpec.Calibration.DEFAULT, List.of(),
                Optional.empty());
    }

    @Test
    void weightOnlyOnAnOpset9ModelKeepsPerChannelScalesAndFollowsTheFloatModel() throws Exception {
        OnnxModel model = convAtOpset(9);
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(model, spec(QuantizeSpec.Mode.WEIGHT_ONLY),
                Optional.empty(), Progress.NONE);
        var input = Fidelity.randomInput(2, 1, 3, 8, 8);

        assertThat(q.quantizedNodes()).containsExactly("/conv");
        assertThat(q.warnings()).isEmpty();
        assertThat(q.model().proto().getGraph().getInitializerList()).anySatisfy(t -> {
            assertThat(t.getDataType()).isEqualTo(TensorProto.DataType.FLOAT_VALUE);
            assertThat(t.getDimsList()).containsExactly(4L, 1L, 1L, 1L);
        });
        assertThat(Fidelity.cosine(Fidelity.run(model, tmp.resolve("conv.onnx"), input),
                Fidelity.run(q.model(), tmp.resolve("conv-w8.onnx"), input))).isGreaterThanOrEqualTo(0.999);
    }

    @Test
    void staticOnAnOpset9ModelIsRefusedNamingTheModesThatWork() {
        assertThatThrownBy(() -> new Quantizer(Samples.runtimes()).quantize(convAtOpset(9),
                spec(QuantizeSpec.Mode.STATIC), Optional.empty(), Progress.NONE))
                .isInstanceOf(QuantizationException.class)
                .hasMessageContaining("opset 9").hasMessageContaining("weight-only mode");
    }

    @Test
    void staticOnAnOpset11ModelWhoseOpsMeanTheSameAt13GetsPerChannelWeights() throws Exception {
        OnnxModel model = convAtOpset(11);
        CalibrationData calibration = new CalibrationData(List.of(Fidelity.randomInput(3, 8, 3, 8, 8)), "random");
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(model, spec(QuantizeSpec.Mode.STATIC),
                Optional.of(calibration), Progress.NONE);

        assertThat(q.warnings()).singleElement().asString().contains("raised from 11 to 13");
        assertThat(q.model().proto().getOpsetImportList()).anySatisfy(o -> {
            assertThat(o.getDomain()).isEmpty();
            assertThat(o.getVersion()).isEqualTo(13);
        });
        assertThat(q.model().proto().getGraph().getNodeList()).filteredOn(n -> n.getOpType().equals("DequantizeLinear"))
                .anySatisfy(n -> assertThat(n.getAttributeList()).anySatisfy(a -> assertThat(a.getName()).isEqualTo("axis")));
    }

    @Test
    void raisingTheOpsetIsOnRecordBesideTheWarning() throws Exception {
        CalibrationData calibration = new CalibrationData(List.of(Fidelity.randomInput(3, 8, 3, 8, 8)), "random");
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(convAtOpset(11), spec(QuantizeSpec.Mode.STATIC),
                Optional.of(calibration), Progress.NONE);

        assertThat(q.ran().resolved().get("opset")).isEqualTo(Map.of("before", 11, "after", 13));
        assertThat(q.ran().changes()).filteredOn(c -> c.kind().equals("opset_raised")).singleElement()
                .satisfies(c -> {
                    assertThat(c.from()).isEqualTo(11);
                    assertThat(c.to()).isEqualTo(13);
                    assertThat(c.parameter()).isEmpty();
                });
        assertThat(q.ran().changes()).noneMatch(c -> c.kind().equals("per_channel_off"));
        assertThat(q.ran().withParameters(Map.of("per_channel", true)).parameters()).containsEntry("per_channel", true);
        assertThat(q.ran().resolved()).containsEntry("calibration_examples", 8);
    }

    @Test
    void perChannelTurnedOffBelowOpset13IsOnRecordAsTheParameterThatRan() throws Exception {
        Random random = new Random(11);
        OnnxModel model = new OnnxModel(new OnnxGraphBuilder("conv-softmax")
                .opset(11)
                .input("x", ElementType.FLOAT, List.of("batch", 3, 8, 8))
                .output("y", ElementType.FLOAT, List.of("batch", 4, 6, 6))
                .initializer("w", MatMulModels.gaussian(random, 4 * 3 * 3 * 3, 0.3), 4, 3, 3, 3)
                .initializer("b", MatMulModels.gaussian(random, 4, 0.1), 4)
                .node("Conv", List.of("x", "w", "b"), List.of("c"), "/conv")
                .node("Softmax", List.of("c"), List.of("y"), "/softmax")
                .build());
        CalibrationData calibration = new CalibrationData(List.of(Fidelity.randomInput(3, 8, 3, 8, 8)), "random");

        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(model, spec(QuantizeSpec.Mode.STATIC),
                Optional.of(calibration), Progress.NONE);

        assertThat(q.warnings()).anySatisfy(w -> assertThat(w).contains("one scale per tensor"));
        assertThat(q.ran().changes()).filteredOn(c -> c.kind().equals("per_channel_off")).singleElement()
                .satisfies(c -> {
                    assertThat(c.parameter()).isEqualTo("per_channel");
                    assertThat(c.from()).isEqualTo(true);
                    assertThat(c.to()).isEqualTo(false);
                    assertThat(c.why()).contains("opset 11");
                });
        assertThat(q.ran().resolved().get("opset")).isEqualTo(Map.of("before", 11, "after", 11));
        assertThat(q.ran().withParameters(Map.of("mode", "static", "per_channel", true)).parameters())
                .containsEntry("per_channel", false).containsEntry("mode", "static");
    }
}
