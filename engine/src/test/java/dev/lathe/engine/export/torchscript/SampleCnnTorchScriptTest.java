package dev.lathe.engine.export.torchscript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.Samples;
import dev.lathe.engine.export.pte.FashionImages;
import dev.lathe.engine.export.pte.OrtReference;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.torchscript.TorchScriptSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample CNN written as TorchScript, loaded by libtorch through Lathe's own session and run on real images. */
class SampleCnnTorchScriptTest {
    private static final int IMAGES = 100;

    @Test
    void matchesOnnxRuntimeWithin1e4On100FashionMnistImages(@TempDir Path dir) throws Exception {
        TorchScriptExport export = OnnxToTorchScript.export(OnnxModel.read(Samples.cnn()), "cnn.onnx",
                OnnxToTorchScript.Precision.FP32);
        Path pt = Files.write(dir.resolve("cnn.pt"), export.bytes());
        long[] shape = {IMAGES, 1, 28, 28};
        float[] images = FashionImages.first(IMAGES);
        float[] torch;
        try (TorchScriptSession session = new TorchScriptSession(Samples.PYTORCH, pt, Optional.of(shape))) {
            torch = session.run(new FloatTensor(images, shape)).data();
        }
        float[] reference;
        try (OrtReference ort = new OrtReference(Files.readAllBytes(Samples.cnn()))) {
            reference = ort.run(images, shape);
        }
        assertThat(torch).hasSize(IMAGES * 10);
        assertThat(OrtReference.maxAbsDiff(torch, reference)).isLessThanOrEqualTo(1e-4);
    }
}
