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

/** The sample CNN exported fp32 onto portable kernels and run by the real ExecuTorch runtime. */
class SampleCnnPteTest {
    private static final int IMAGES = 30;

    @Test
    void matchesOnnxRuntimeWithin1e4On30FashionMnistImages(@TempDir Path dir) throws Exception {
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        long[] shape = {IMAGES, 1, 28, 28};
        PteExport export = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx", Optional.of(shape));
        Path pte = Files.write(dir.resolve("cnn-30.pte"), export.bytes());
        float[] images = FashionImages.first(IMAGES);
        float[] executorch = et.output(pte, ExecuTorchRuntime.floats(dir.resolve("images.bin"), images));
        float[] reference;
        try (OrtReference ort = new OrtReference(Files.readAllBytes(Samples.cnn()))) {
            reference = ort.run(images, shape);
        }
        assertThat(executorch).hasSize(IMAGES * 10);
        assertThat(OrtReference.maxAbsDiff(executorch, reference)).isLessThanOrEqualTo(1e-4);
        for (int i = 0; i < IMAGES; i++) {
            assertThat(argmax(executorch, i)).as("image %d", i).isEqualTo(argmax(reference, i));
        }
    }

    @Test
    void passesTheRuntimesVerifierAndLowersEveryNodeOntoPortableKernels(@TempDir Path dir) throws Exception {
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        PteExport export = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx", Optional.empty());
        Path pte = Files.write(dir.resolve("cnn.pte"), export.bytes());
        String out = et.verify(pte, ExecuTorchRuntime.floats(dir.resolve("one.bin"), FashionImages.first(1)));
        assertThat(out).contains("program verified (InternalConsistency)").contains("sizes=[1,10]");
        assertThat(export.inputShapes()).containsExactly(java.util.List.of(1L, 1L, 28L, 28L));
        assertThat(export.operatorCounts()).isEqualTo(Map.of("aten::convolution.out", 4, "aten::relu.out", 5,
                "aten::max_pool2d_with_indices.out", 2, "aten::view_copy.out", 1, "aten::addmm.out", 2));
        assertThat(new String(export.bytes(), 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ET12");
    }

    @Test
    void activationsShareTheArenaDownToTheLargestLiveSet() throws Exception {
        PteExport export = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx", Optional.empty());
        MemoryPlan plan = export.plan();
        // The largest live set is conv1's output with conv2's (two 48×28×28 float maps, 150 528 bytes each).
        assertThat(plan.peakLiveBytes()).isEqualTo(2 * 150_528L);
        assertThat(plan.arenaBytes()).isEqualTo(plan.peakLiveBytes());
        assertThat(plan.naiveBytes()).isGreaterThan(3 * plan.arenaBytes());
        assertThat(export.program().arenaSizes()).containsExactly(0L, plan.arenaBytes());
        // Weights and biases: 447 642 parameters, each constant padded to 16 bytes at most.
        assertThat(export.program().constantBytes()).isEqualTo(447_642L * 4);
    }

    private static int argmax(float[] logits, int row) {
        int best = 0;
        for (int c = 1; c < 10; c++) {
            if (logits[row * 10 + c] > logits[row * 10 + best]) {
                best = c;
            }
        }
        return best;
    }
}
