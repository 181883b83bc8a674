package dev.lathe.engine.export.pte;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample CNN, fp32 and its static int8 variant, delegated whole to XNNPACK and run by the real runtime. */
class XnnpackCnnPteTest {
    private static final int IMAGES = 100;
    private static final int INT8_IMAGES = 1000;

    @TempDir
    Path dir;

    @Test
    void fp32MatchesOnnxRuntimeWithin1e4On100FashionMnistImagesInOneDelegateCall() throws Exception {
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        long[] shape = {IMAGES, 1, 28, 28};
        PteExport export = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx", Optional.of(shape),
                PteDelegate.XNNPACK);
        float[] images = FashionImages.first(IMAGES);
        float[] executorch = et.output(Files.write(dir.resolve("cnn.pte"), export.bytes()),
                ExecuTorchRuntime.floats(dir.resolve("images.bin"), images));
        float[] reference;
        try (OrtReference ort = new OrtReference(Files.readAllBytes(Samples.cnn()))) {
            reference = ort.run(images, shape);
        }
        assertThat(export.operatorCounts()).isEqualTo(Map.of("delegate:XnnpackBackend", 1));
        assertThat(executorch).hasSize(IMAGES * 10);
        assertThat(OrtReference.maxAbsDiff(executorch, reference)).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void delegatedProgramPassesTheRuntimesVerifierAndPlansOnlyItsInputAndOutput() throws Exception {
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        PteExport export = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx", Optional.empty(),
                PteDelegate.XNNPACK);
        Path pte = Files.write(dir.resolve("cnn.pte"), export.bytes());
        String out = et.verify(pte, ExecuTorchRuntime.floats(dir.resolve("one.bin"), FashionImages.first(1)));
        assertThat(out).contains("program verified (InternalConsistency)").contains("sizes=[1,10]");
        // XNNPACK keeps its intermediate values itself: the arena holds the image and the logits only.
        assertThat(export.plan().arenaBytes()).isEqualTo(28 * 28 * 4 + 48);
        assertThat(export.program().delegates()).singleElement()
                .satisfies(d -> assertThat(d.backend()).isEqualTo("XnnpackBackend"));
        assertThat(new String(export.program().delegates().get(0).payload(), 4, 4,
                java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("XH00");
    }

    @Test
    void staticInt8AgreesWithTheOnnxInt8VariantOn99PercentOf1000ImagesAtUnderAThirdOfTheSize() throws Exception {
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        long[] shape = {INT8_IMAGES, 1, 28, 28};
        Path int8 = Int8Cnn.file();
        PteExport export = OnnxToPte.export(OnnxModel.read(int8), "cnn-int8.onnx", Optional.of(shape),
                PteDelegate.XNNPACK);
        PteExport fp32 = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx", Optional.of(shape),
                PteDelegate.XNNPACK);
        float[] images = FashionImages.first(INT8_IMAGES);
        float[] executorch = et.output(Files.write(dir.resolve("cnn-int8.pte"), export.bytes()),
                ExecuTorchRuntime.floats(dir.resolve("images.bin"), images));
        float[] reference;
        try (OrtReference ort = new OrtReference(Files.readAllBytes(int8))) {
            reference = ort.run(images, shape);
        }
        int agree = 0;
        for (int i = 0; i < INT8_IMAGES; i++) {
            agree += argmax(executorch, i) == argmax(reference, i) ? 1 : 0;
        }
        assertThat(export.operatorCounts()).isEqualTo(Map.of("delegate:XnnpackBackend", 1));
        assertThat(agree).isGreaterThanOrEqualTo(990);
        assertThat((double) export.bytes().length).isLessThanOrEqualTo(0.3 * fp32.bytes().length);
    }

    static int argmax(float[] logits, int row) {
        int best = 0;
        for (int c = 1; c < 10; c++) {
            if (logits[row * 10 + c] > logits[row * 10 + best]) {
                best = c;
            }
        }
        return best;
    }
}
