package dev.lathe.engine.export.pte;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample CNN's int8 and fp16 variants exported with {@code --delegate none}: ExecuTorch's portable and
 * quantized kernels only, run by the real runtime on Fashion-MNIST test images against the same ONNX variant in
 * ONNX Runtime.
 */
class PortableVariantsPteTest {
    private static final int IMAGES = 30; // portable convolutions take about 0.6 s an image here: a CI-sized sample
    private static final long[] SHAPE = {IMAGES, 1, 28, 28};

    @TempDir
    Path dir;

    @Test
    void staticInt8OnPortableKernelsAgreesWithTheOnnxInt8VariantOnAllButOneOf30ImagesAtAQuarterOfTheSize()
            throws Exception {
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        Path int8 = Int8Cnn.file();
        PteExport export = OnnxToPte.export(OnnxModel.read(int8), "cnn-int8.onnx", Optional.of(SHAPE),
                PteDelegate.NONE);
        Comparison c = compare(et, export, int8, "static int8");
        assertThat(c.agreeing()).isGreaterThanOrEqualTo(IMAGES - 1);
        assertThat(export.operatorCounts()).containsKeys("quantized_decomposed::quantize_per_tensor.out",
                "quantized_decomposed::dequantize_per_tensor.out", "quantized_decomposed::dequantize_per_channel.out",
                "aten::convolution.out", "aten::addmm.out").doesNotContainKey("delegate:XnnpackBackend");
        // Weights stay int8 constants: 447,642 parameters, the int32 biases among them, in about a quarter of fp32.
        long fp32 = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx", Optional.of(SHAPE)).bytes().length;
        assertThat((double) export.bytes().length).isLessThanOrEqualTo(0.3 * fp32);
        assertThat(export.program().values()).filteredOn(v -> v instanceof EValue.Tensor t && t.constantIndex() > 0
                && t.type() == ScalarType.CHAR).hasSize(6);
    }

    @Test
    void dynamicInt8AgreesWithTheOnnxDynamicVariantOnAllButOneOf30ImagesWithinOneThousandth() throws Exception {
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        Path dynamic = CnnVariants.dynamicInt8();
        PteExport export = OnnxToPte.export(OnnxModel.read(dynamic), "cnn-int8-dynamic.onnx", Optional.of(SHAPE),
                PteDelegate.NONE);
        Comparison c = compare(et, export, dynamic, "dynamic int8");
        assertThat(c.agreeing()).isGreaterThanOrEqualTo(IMAGES - 1);
        // Both quantize each activation with parameters chosen from the same batch; only float rounding differs.
        assertThat(c.maxAbsDiff()).isLessThanOrEqualTo(1e-3);
        assertThat(export.operatorCounts()).containsEntry("quantized_decomposed::choose_qparams.Tensor_out", 6)
                .containsEntry("quantized_decomposed::quantize_per_tensor.Tensor_out", 6)
                .containsKeys("quantized_decomposed::dequantize_per_tensor.Tensor_out",
                        "quantized_decomposed::dequantize_per_channel.out");
        assertThat(export.program().values()).filteredOn(v -> v instanceof EValue.Tensor t && t.constantIndex() > 0
                && (t.type() == ScalarType.CHAR || t.type() == ScalarType.BYTE)).hasSize(6);
    }

    @Test
    void dynamicInt8AskedOfXnnpackRunsOnPortableKernelsAndSaysSo() throws Exception {
        PteExport export = OnnxToPte.export(OnnxModel.read(CnnVariants.dynamicInt8()), "cnn-int8-dynamic.onnx",
                Optional.empty(), PteDelegate.XNNPACK);
        assertThat(export.program().delegates()).isEmpty();
        assertThat(export.notes()).containsExactly("the XNNPACK delegate was asked for, but the model is dynamic "
                + "int8 (its activations are quantized at run time), which it does not take here: the whole program "
                + "runs on portable kernels");
        PteProvenance facts = PteProvenance.of("cnn-int8-dynamic.onnx", "0".repeat(64), "the model",
                PteDelegate.XNNPACK, export, "1".repeat(64));
        assertThat(facts.delegate()).isEqualTo("xnnpack");
        assertThat(facts.delegateUsed()).isEqualTo("none");
        assertThat(facts.notes()).isEqualTo(export.notes());
    }

    @Test
    void fp16KeepsHalfConstantsAtHalfTheSizeAndAgreesWithTheOnnxFp16VariantOnAllButOneOf30Images()
            throws Exception {
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        Path fp16 = CnnVariants.fp16();
        PteExport export = OnnxToPte.export(OnnxModel.read(fp16), "cnn-fp16.onnx", Optional.of(SHAPE),
                PteDelegate.NONE);
        Comparison c = compare(et, export, fp16, "fp16");
        assertThat(c.agreeing()).isGreaterThanOrEqualTo(IMAGES - 1);
        PteExport fp32 = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx", Optional.of(SHAPE));
        assertThat(export.program().constantBytes()).isEqualTo(fp32.program().constantBytes() / 2);
        assertThat((double) export.bytes().length).isLessThanOrEqualTo(0.55 * fp32.bytes().length);
        // Every kernel computes in half: the input is cast down once and the logits up once.
        assertThat(export.operatorCounts()).containsEntry("aten::_to_copy.out", 2)
                .containsEntry("aten::convolution.out", 4).containsEntry("aten::addmm.out", 2);
        assertThat(export.program().values()).filteredOn(v -> v instanceof EValue.Tensor t
                && t.type() == ScalarType.FLOAT).hasSize(2);
        assertThat(export.notes()).isEmpty();
    }

    @Test
    void aSharedDynamicActivationReadByMatMulIntegerToFloatAndMatMulIntegerMatchesOnnxRuntime() throws Exception {
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        java.util.Random random = new java.util.Random(14);
        byte[] w1 = new byte[8 * 3];
        byte[] w2 = new byte[8 * 3];
        random.nextBytes(w1);
        random.nextBytes(w2);
        OnnxModel model = new OnnxModel(new OnnxGraphBuilder("shared").opset(17).opset("com.microsoft", 1)
                .input("x", ElementType.FLOAT, List.of(4, 8))
                .output("y", ElementType.FLOAT, List.of(4, 3))
                .initializer("w1", ElementType.INT8, w1, 24, 8, 3)
                .initializer("w1_scale", new float[] {0.02f, 0.03f, 0.01f}, 3)
                .initializer("b1", new float[] {0.5f, -0.25f, 1f}, 3)
                .initializer("w2", ElementType.INT8, w2, 24, 8, 3)
                .node("DynamicQuantizeLinear", List.of("x"), List.of("q", "s", "z"), "/quantize")
                .node("com.microsoft", "MatMulIntegerToFloat", List.of("q", "w1", "s", "w1_scale", "z", "", "b1"),
                        List.of("y1"), "/q_proj")
                .node("MatMulInteger", List.of("q", "w2", "z"), List.of("sums"), "/k_proj")
                .node("Cast", List.of("sums"), List.of("sums_float"), "/k_proj_cast", OnnxGraphBuilder.intAttr("to", 1))
                .node("Mul", List.of("sums_float", "s"), List.of("y2"), "/k_proj_scale")
                .node("Add", List.of("y1", "y2"), List.of("y"), "/sum").build());
        float[] x = new float[32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        PteExport export = OnnxToPte.export(model, "shared.onnx", Optional.empty(), PteDelegate.NONE);
        float[] executorch = et.output(Files.write(dir.resolve("shared.pte"), export.bytes()),
                ExecuTorchRuntime.floats(dir.resolve("x.bin"), x));
        float[] reference;
        try (OrtReference ort = new OrtReference(model.proto().toByteArray())) {
            reference = ort.run(x, new long[] {4, 8});
        }
        assertThat(export.operatorCounts()).containsEntry("quantized_decomposed::choose_qparams.Tensor_out", 1);
        assertThat(OrtReference.maxAbsDiff(executorch, reference)).isLessThanOrEqualTo(1e-4);
    }

    private record Comparison(int agreeing, double maxAbsDiff) {
    }

    /** Runs the program on the first {@value #IMAGES} test images and compares top-1 with the ONNX model's. */
    private Comparison compare(ExecuTorchRuntime et, PteExport export, Path onnx, String what) throws Exception {
        float[] images = FashionImages.first(IMAGES);
        float[] executorch = et.output(Files.write(dir.resolve("variant.pte"), export.bytes()),
                ExecuTorchRuntime.floats(dir.resolve("images.bin"), images));
        float[] reference;
        try (OrtReference ort = new OrtReference(Files.readAllBytes(onnx))) {
            reference = ort.run(images, SHAPE);
        }
        assertThat(executorch).hasSize(IMAGES * 10);
        int agree = 0;
        for (int i = 0; i < IMAGES; i++) {
            agree += XnnpackCnnPteTest.argmax(executorch, i) == XnnpackCnnPteTest.argmax(reference, i) ? 1 : 0;
        }
        Comparison c = new Comparison(agree, OrtReference.maxAbsDiff(executorch, reference));
        System.out.printf(Locale.ROOT, "%s .pte (portable) against ONNX Runtime: same top-1 on %d of %d images, "
                + "logits max abs diff %.3g, %,d bytes%n", what, c.agreeing(), IMAGES, c.maxAbsDiff(),
                export.bytes().length);
        return c;
    }
}
