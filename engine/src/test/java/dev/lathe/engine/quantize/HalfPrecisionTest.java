package dev.lathe.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** Half-precision conversion: half the size, float32 at the edges, fragile ops kept float32. */
class HalfPrecisionTest {
    @TempDir
    Path tmp;

    @Test
    void fp16CnnIsHalfTheSizeAndKeepsTop1WithinATenthOfAPoint() throws Exception {
        QuantizedModel half = new HalfPrecision(Samples.runtimes()).convert(OnnxModel.read(Samples.cnn()),
                HalfPrecision.Precision.FP16);
        Path file = tmp.resolve("cnn-fp16.onnx");
        half.model().write(file);

        assertThat((double) Files.size(Samples.cnn()) / Files.size(file)).isGreaterThan(1.9);
        assertThat(Math.abs(FashionMnist.top1(Samples.cnn()) - FashionMnist.top1(file))).isLessThanOrEqualTo(0.001);
        assertThat(half.model().proto().getGraph().getOutput(0).getType().getTensorType().getElemType()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = QuantizeSpec.Mode.class, names = {"DYNAMIC", "STATIC"})
    void fp16OfAnInt8ModelRunsAndKeepsItsTop1(QuantizeSpec.Mode mode) throws Exception {
        // The quantization ops stay float32 and their int8 outputs are never cast: fp16 converts the float rest.
        QuantizedModel int8 = new Quantizer(Samples.runtimes()).quantize(OnnxModel.read(Samples.cnn()),
                QuantizerCnnTest.spec(mode), mode == QuantizeSpec.Mode.STATIC
                        ? Optional.of(FashionMnist.calibration(300)) : Optional.empty(), Progress.NONE);
        Path int8File = tmp.resolve("cnn-int8.onnx");
        int8.model().write(int8File);
        QuantizedModel half = new HalfPrecision(Samples.runtimes()).convert(OnnxModel.read(int8File),
                HalfPrecision.Precision.FP16);
        Path file = tmp.resolve("cnn-int8-fp16.onnx");
        half.model().write(file);

        assertThat(half.floatNodes()).extracting(QuantizedModel.FloatNode::op)
                .contains(mode == QuantizeSpec.Mode.STATIC ? "QuantizeLinear" : "DynamicQuantizeLinear");
        // Little is left in float to halve (biases and scales; scales are read in float32 as well), so about the same.
        assertThat((double) Files.size(file) / Files.size(int8File)).isBetween(0.9, 1.02);
        assertThat(Math.abs(FashionMnist.top1(int8File) - FashionMnist.top1(file))).isLessThanOrEqualTo(0.002);
    }

    @Test
    void fp16OfADynamicInt8EncoderLeavesTheUint8ActivationsOfMatMulIntegerToFloatAlone() throws Exception {
        // com.microsoft's MatMulIntegerToFloat stays float32 as an op of another domain; its A input is uint8.
        QuantizedModel int8 = new Quantizer(Samples.runtimes()).quantize(MatMulModels.encoderBlock(5),
                QuantizerCnnTest.spec(QuantizeSpec.Mode.DYNAMIC), Optional.empty(), Progress.NONE);
        QuantizedModel half = new HalfPrecision(Samples.runtimes()).convert(int8.model(), HalfPrecision.Precision.FP16);
        FloatTensor input = Fidelity.randomInput(9, 4, 16, 64);

        assertThat(half.floatNodes()).extracting(QuantizedModel.FloatNode::op).contains("MatMulIntegerToFloat");
        assertThat(Fidelity.cosine(Fidelity.run(int8.model(), tmp.resolve("enc-int8.onnx"), input),
                Fidelity.run(half.model(), tmp.resolve("enc-int8-fp16.onnx"), input))).isGreaterThanOrEqualTo(0.999);
    }

    @Test
    void fp16EncoderKeepsLayerNormAndSoftmaxInFloat32AndFollowsTheFloatModel() throws Exception {
        OnnxModel model = MatMulModels.encoderBlock(5);
        QuantizedModel half = new HalfPrecision(Samples.runtimes()).convert(model, HalfPrecision.Precision.FP16);
        FloatTensor input = Fidelity.randomInput(9, 4, 16, 64);

        FloatTensor expected = Fidelity.run(model, tmp.resolve("enc.onnx"), input);
        FloatTensor actual = Fidelity.run(half.model(), tmp.resolve("enc-fp16.onnx"), input);

        assertThat(Fidelity.cosine(expected, actual)).isGreaterThanOrEqualTo(0.999);
        assertThat(half.floatNodes()).extracting(QuantizedModel.FloatNode::name).containsExactly("/ln",
                "/attn/softmax");
    }

    @Test
    void fp16RunsWhenAGraphOutputAlsoFeedsALaterNode() throws Exception {
        // Like a BERT export: the hidden state is output 0 and the pooler reads it again.
        Random random = new Random(3);
        OnnxModel model = new OnnxModel(new OnnxGraphBuilder("pooled")
                .input("x", ElementType.FLOAT, List.of("batch", 8))
                .output("hidden", ElementType.FLOAT, List.of("batch", 8))
                .output("pooled", ElementType.FLOAT, List.of("batch", 8))
                .initializer("w1", MatMulModels.gaussian(random, 64, 0.3), 8, 8)
                .initializer("w2", MatMulModels.gaussian(random, 64, 0.3), 8, 8)
                .initializer("b2", MatMulModels.gaussian(random, 8, 0.1), 8)
                .node("MatMul", List.of("x", "w1"), List.of("hidden"), "/encoder/MatMul")
                .node("Gemm", List.of("hidden", "w2", "b2"), List.of("pooled"), "/pooler/Gemm")
                .build());
        QuantizedModel half = new HalfPrecision(Samples.runtimes()).convert(model, HalfPrecision.Precision.FP16);
        FloatTensor input = Fidelity.randomInput(4, 2, 8);

        assertThat(Fidelity.cosine(Fidelity.run(model, tmp.resolve("pooled.onnx"), input),
                Fidelity.run(half.model(), tmp.resolve("pooled-fp16.onnx"), input))).isGreaterThanOrEqualTo(0.999);
    }

    @Test
    void fp16KeepsFloat32LowestTimesZeroAtZero() throws Exception {
        // BERT exports mask attention scores with (1 - mask) * float32-lowest; with every token attended that is 0.
        OnnxModel model = new OnnxModel(new OnnxGraphBuilder("masked")
                .input("x", ElementType.FLOAT, List.of("batch", 4))
                .output("y", ElementType.FLOAT, List.of("batch", 4))
                .initializer("lowest", new float[] {-Float.MAX_VALUE}, 1)
                .node("Sub", List.of("x", "x"), List.of("zero"), "/sub")
                .node("Mul", List.of("zero", "lowest"), List.of("bias"), "/mul")
                .node("Add", List.of("x", "bias"), List.of("y"), "/add")
                .build());
        QuantizedModel half = new HalfPrecision(Samples.runtimes()).convert(model, HalfPrecision.Precision.FP16);
        FloatTensor input = Fidelity.randomInput(5, 2, 4);

        assertThat(Fidelity.run(half.model(), tmp.resolve("masked-fp16.onnx"), input).data()).doesNotContain(Float.NaN)
                .containsExactly(Fidelity.run(model, tmp.resolve("masked.onnx"), input).data(), within(0.01f));
    }

    /** x → Conv (large weights, as an unnormalized layer has) → BatchNorm whose running variance is 1e7. */
    private static OnnxModel convThenWideBatchNorm(boolean foldable) {
        Random random = new Random(7);
        float[] variance = new float[4];
        java.util.Arrays.fill(variance, 1e7f);
        OnnxGraphBuilder b = new OnnxGraphBuilder("wide-bn")
                .input("x", ElementType.FLOAT, List.of("batch", 2, 6, 6))
                .output("y", ElementType.FLOAT, List.of("batch", 4, 4, 4))
                .initializer("w", MatMulModels.gaussian(random, 4 * 2 * 3 * 3, 1000), 4, 2, 3, 3)
                .initializer("gamma", new float[] {1, 2, 0.5f, 1}, 4)
                .initializer("beta", new float[] {0, 0.1f, -0.1f, 0.2f}, 4)
                .initializer("mean", new float[] {100, -200, 0, 50}, 4)
                .initializer("var", variance, 4)
                .node("Conv", List.of("x", "w"), List.of("conv"), "/conv")
                .node("BatchNormalization", List.of("conv", "gamma", "beta", "mean", "var"), List.of("y"), "/bn");
        if (!foldable) {
            b.node("Relu", List.of("conv"), List.of("unused"), "/second_reader");  // a second reader blocks folding
        }
        return new OnnxModel(b.build());
    }

    @Test
    void fp16FoldsABatchNormWhoseVarianceFloat16CannotHold() throws Exception {
        OnnxModel model = convThenWideBatchNorm(true);
        QuantizedModel half = new HalfPrecision(Samples.runtimes()).convert(model, HalfPrecision.Precision.FP16);
        FloatTensor input = Fidelity.randomInput(8, 1, 2, 6, 6);

        assertThat(half.quantizedNodes()).contains("/bn");
        assertThat(Fidelity.cosine(Fidelity.run(model, tmp.resolve("bn.onnx"), input),
                Fidelity.run(half.model(), tmp.resolve("bn-fp16.onnx"), input))).isGreaterThanOrEqualTo(0.999);
    }

    @Test
    void fp16KeepsANodeInFloat32WhenItsWeightIsBeyondFloat16sRange() throws Exception {
        OnnxModel model = convThenWideBatchNorm(false);
        QuantizedModel half = new HalfPrecision(Samples.runtimes()).convert(model, HalfPrecision.Precision.FP16);
        FloatTensor input = Fidelity.randomInput(8, 1, 2, 6, 6);

        assertThat(half.floatNodes()).singleElement().satisfies(n -> {
            assertThat(n.name()).isEqualTo("/bn");
            assertThat(n.reason()).contains("its weight var holds values beyond float16's range");
        });
        assertThat(Fidelity.cosine(Fidelity.run(model, tmp.resolve("bn2.onnx"), input),
                Fidelity.run(half.model(), tmp.resolve("bn2-fp16.onnx"), input))).isGreaterThanOrEqualTo(0.999);
    }

    @Test
    void bf16IsRefusedWithAdviceWhenOnnxRuntimeCannotRunIt() {
        assertThatThrownBy(() -> new HalfPrecision(Samples.runtimes()).convert(OnnxModel.read(Samples.cnn()),
                HalfPrecision.Precision.BF16))
                .isInstanceOf(QuantizationException.class)
                .hasMessageContaining("nothing was written").hasMessageContaining("convert to fp16 instead");
    }

    @Test
    void halfFloatConversionRoundsToNearestEven() {
        assertThat(HalfFloats.toFloat16(1f)).isEqualTo((short) 0x3c00);
        assertThat(HalfFloats.toFloat16(-2f)).isEqualTo((short) 0xc000);
        assertThat(HalfFloats.toFloat16(65504f)).isEqualTo((short) 0x7bff);
        assertThat(HalfFloats.toFloat16(1e6f)).isEqualTo((short) 0x7c00);
        assertThat(HalfFloats.toFloat16(5.9604645e-8f)).isEqualTo((short) 0x0001);
        assertThat(HalfFloats.toFloat16(1f + 1f / 2048)).isEqualTo((short) 0x3c00);
        assertThat(HalfFloats.toFloat16(1f + 3f / 2048)).isEqualTo((short) 0x3c02);
        assertThat(HalfFloats.toBFloat16(1f)).isEqualTo((short) 0x3f80);
        assertThat(HalfFloats.toBFloat16(-3.140625f)).isEqualTo((short) 0xc049);
    }
}
