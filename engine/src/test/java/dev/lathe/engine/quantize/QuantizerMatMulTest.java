package dev.lathe.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dynamic int8 on MatMul-heavy models: a wide MLP and a transformer encoder block. */
class QuantizerMatMulTest {
    @TempDir
    Path tmp;

    static final QuantizeSpec DYNAMIC = new QuantizeSpec(QuantizeSpec.Mode.DYNAMIC, true, false, QuantizeSpec.ReduceRange.AUTO,
            QuantizeSpec.Calibration.DEFAULT, List.of(), Optional.empty());

    @Test
    void dynamicInt8MlpIsFourTimesSmallerWithOutputCosineAboveNinetyNine() throws Exception {
        OnnxModel model = MatMulModels.mlp(7, false);
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(model, DYNAMIC, Optional.empty(), Progress.NONE);
        FloatTensor input = Fidelity.randomInput(11, 64, 784);

        FloatTensor expected = Fidelity.run(model, tmp.resolve("mlp.onnx"), input);
        FloatTensor actual = Fidelity.run(q.model(), tmp.resolve("mlp-int8.onnx"), input);

        assertThat((double) Files.size(tmp.resolve("mlp.onnx")) / Files.size(tmp.resolve("mlp-int8.onnx")))
                .isGreaterThanOrEqualTo(3.5);
        assertThat(Fidelity.cosine(expected, actual)).isGreaterThanOrEqualTo(0.99);
        // Each bias Add is folded into its MatMul's integer kernel, so it no longer runs in float either.
        assertThat(q.quantizedNodes()).containsExactly("/fc0/MatMul", "/fc0/Add", "/fc1/MatMul", "/fc1/Add",
                "/fc2/MatMul", "/fc2/Add");
    }

    @Test
    void aHundredMegabyteModelQuantizesInWellUnderFifteenSeconds() throws Exception {
        OnnxModel big = BigModel.build();
        assertThat(big.proto().getSerializedSize()).isGreaterThan(100_000_000);

        long t0 = System.nanoTime();
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(big, DYNAMIC, Optional.empty(), Progress.NONE);
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(seconds).isLessThan(15);
        assertThat((double) big.proto().getSerializedSize() / q.model().proto().getSerializedSize())
                .isGreaterThan(3.9);
    }

    @Test
    void weightsStoredAsConstantNodesAreQuantizedToo() throws Exception {
        OnnxModel model = MatMulModels.mlp(7, true);
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(model, DYNAMIC, Optional.empty(), Progress.NONE);
        FloatTensor input = Fidelity.randomInput(3, 8, 784);

        FloatTensor expected = Fidelity.run(model, tmp.resolve("const.onnx"), input);
        FloatTensor actual = Fidelity.run(q.model(), tmp.resolve("const-int8.onnx"), input);

        assertThat(q.quantizedNodes()).hasSize(6);
        assertThat((double) Files.size(tmp.resolve("const.onnx")) / Files.size(tmp.resolve("const-int8.onnx")))
                .isGreaterThanOrEqualTo(3.5);
        assertThat(Fidelity.cosine(expected, actual)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void encoderBlockQuantizesSharedWeightsOnceAndKeepsLayerNormSoftmaxAndAttentionFloat() throws Exception {
        OnnxModel model = MatMulModels.encoderBlock(5);
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(model, DYNAMIC, Optional.empty(), Progress.NONE);
        FloatTensor input = Fidelity.randomInput(9, 4, 16, 64);

        FloatTensor expected = Fidelity.run(model, tmp.resolve("enc.onnx"), input);
        FloatTensor actual = Fidelity.run(q.model(), tmp.resolve("enc-int8.onnx"), input);

        assertThat(Fidelity.cosine(expected, actual)).isGreaterThanOrEqualTo(0.99);
        assertThat(q.quantizedNodes()).containsExactly("/attn/q/MatMul", "/attn/k/MatMul", "/attn/v/MatMul",
                "/attn/out/MatMul", "/attn/out/Add");
        assertThat(q.model().proto().getGraph().getInitializerList()).extracting(t -> t.getName())
                .filteredOn(name -> name.startsWith("qk.weight")).containsExactlyInAnyOrder("qk.weight_quantized",
                        "qk.weight_scale");
        assertThat(q.floatNodes()).extracting(QuantizedModel.FloatNode::name)
                .contains("/ln", "/attn/softmax", "/attn/scores", "/attn/context");
        assertThat(q.floatNodes()).filteredOn(n -> n.name().equals("/attn/scores")).singleElement()
                .satisfies(n -> assertThat(n.reason()).contains("activation"));
    }

    @Test
    void dynamicQuantizesAnActivationThatSeveralMatMulsReadOnceAndFoldsBiasesIntoTheKernels() throws Exception {
        // As ONNX Runtime's own quantizer does for a BERT's query, key and value projections.
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(MatMulModels.encoderBlock(5), DYNAMIC,
                Optional.empty(), Progress.NONE);
        List<ai.onnx.proto.OnnxMl.NodeProto> nodes = q.model().proto().getGraph().getNodeList();

        assertThat(nodes).filteredOn(n -> n.getOpType().equals("DynamicQuantizeLinear")).singleElement()
                .satisfies(n -> assertThat(n.getInput(0)).isEqualTo("normed"));
        assertThat(nodes).filteredOn(n -> n.getOpType().equals("MatMulIntegerToFloat")).extracting(n -> n.getName())
                .containsExactly("/attn/q/MatMul", "/attn/k/MatMul", "/attn/v/MatMul");
        assertThat(nodes).filteredOn(n -> n.getOpType().equals("DynamicQuantizeMatMul")).singleElement()
                .satisfies(n -> assertThat(n.getInputList()).endsWith("out.bias"))
                .satisfies(n -> assertThat(n.getOutput(0)).isEqualTo("biased"));
        assertThat(nodes).extracting(n -> n.getName()).doesNotContain("/attn/out/Add");
    }

    @Test
    void staticInt8OnTheEncoderRunsAndFollowsTheFloatModel() throws Exception {
        OnnxModel model = MatMulModels.encoderBlock(5);
        CalibrationData calibration = new CalibrationData(List.of(Fidelity.randomInput(1, 32, 16, 64),
                Fidelity.randomInput(2, 32, 16, 64)), "random");
        QuantizeSpec spec = new QuantizeSpec(QuantizeSpec.Mode.STATIC, true, true, QuantizeSpec.ReduceRange.AUTO,
                new QuantizeSpec.Calibration(QuantizeSpec.CalibrationMethod.ENTROPY, 99.99, 64), List.of(),
                Optional.empty());
        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(model, spec, Optional.of(calibration),
                Progress.NONE);
        FloatTensor input = Fidelity.randomInput(9, 4, 16, 64);

        FloatTensor expected = Fidelity.run(model, tmp.resolve("enc.onnx"), input);
        FloatTensor actual = Fidelity.run(q.model(), tmp.resolve("enc-static.onnx"), input);

        assertThat(Fidelity.cosine(expected, actual)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void staticInt8LeavesAResidualThatGoesOnInFloatUnquantized() throws Exception {
        // In a BERT the residual stream (outlier channels near ±200, most values near ±1) goes into LayerNorm:
        // squeezing it into 8 bits wiped out the small values and the sentence embedding fell to cosine 0.75.
        OnnxModel model = MatMulModels.encoderBlock(5);
        CalibrationData calibration = new CalibrationData(List.of(Fidelity.randomInput(1, 32, 16, 64)), "random");
        QuantizeSpec spec = new QuantizeSpec(QuantizeSpec.Mode.STATIC, true, false, QuantizeSpec.ReduceRange.AUTO,
                QuantizeSpec.Calibration.DEFAULT, List.of(), Optional.empty());

        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(model, spec, Optional.of(calibration),
                Progress.NONE);

        assertThat(q.floatNodes()).filteredOn(n -> n.name().equals("/residual")).singleElement()
                .satisfies(n -> assertThat(n.reason()).contains("reaches no quantized node"));
        assertThat(q.model().proto().getGraph().getNodeList())
                .filteredOn(n -> n.getOpType().equals("QuantizeLinear"))
                .noneMatch(n -> n.getInput(0).startsWith("projected"));
    }

    @Test
    void staticCalibratesAModelFedTokenIdsAndAMask() throws Exception {
        OnnxModel model = MatMulModels.tokenEncoder(4);
        java.util.Random random = new java.util.Random(2);
        float[] ids = new float[8 * 16];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(50);
        }
        FloatTensor tokens = new FloatTensor(ids, new long[] {8, 16});
        QuantizeSpec spec = new QuantizeSpec(QuantizeSpec.Mode.STATIC, true, false, QuantizeSpec.ReduceRange.AUTO,
                new QuantizeSpec.Calibration(QuantizeSpec.CalibrationMethod.MINMAX, 99.99, 8), List.of(),
                Optional.empty());

        QuantizedModel q = new Quantizer(Samples.runtimes()).quantize(model, spec,
                Optional.of(new CalibrationData(List.of(tokens), "tokens")), Progress.NONE);

        assertThat(q.quantizedNodes()).containsExactly("/proj/MatMul");
        assertThat(Fidelity.cosine(Fidelity.run(model, tmp.resolve("tokens.onnx"), tokens),
                Fidelity.run(q.model(), tmp.resolve("tokens-int8.onnx"), tokens))).isGreaterThanOrEqualTo(0.99);
    }
}
