package dev.lathe.engine.export.pte;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PP-OCR's mobile text-direction classifier (docs/third-party-models.md: paddle2onnx, opset 9, Conv/BatchNorm/
 * HardSigmoid/GlobalAveragePool with a Shape→Cast→Slice→Concat→Reshape chain) exported and run by ExecuTorch. It is
 * not in the repository: fetched as that document says into {@code models/}, or {@code $LATHE_THIRD_PARTY_MODELS}.
 */
class ThirdPartyPteTest {
    private static final String CLS = "ch_ppocr_mobile_v2.0_cls_infer.onnx";

    @Test
    void ppOcrClassifierRunsInExecuTorchAsInOnnxRuntime(@TempDir Path dir) throws Exception {
        Optional<Path> model = locate();
        if (model.isEmpty()) {
            System.out.println("SKIPPED: " + CLS + " not found in models/ or $LATHE_THIRD_PARTY_MODELS");
            Assumptions.abort(CLS + " not found");
        }
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        long[] shape = {1, 3, 48, 192};
        PteExport export = OnnxToPte.export(OnnxModel.read(model.get()), CLS, Optional.of(shape));
        Path pte = Files.write(dir.resolve("cls.pte"), export.bytes());
        float[] input = OpModels.random(3 * 48 * 192, 5);
        float[] executorch = et.output(pte, ExecuTorchRuntime.floats(dir.resolve("x.bin"), input));
        float[] reference;
        try (OrtReference ort = new OrtReference(Files.readAllBytes(model.get()))) {
            reference = ort.run(input, shape);
        }
        assertThat(executorch).hasSize(2);
        assertThat(OrtReference.maxAbsDiff(executorch, reference)).isLessThanOrEqualTo(1e-4);
        assertThat(export.operatorCounts()).containsEntry("aten::convolution.out", 53);
        assertThat(export.plan().arenaBytes()).isLessThan(export.plan().naiveBytes() / 10);
    }

    private static Optional<Path> locate() {
        String env = System.getenv("LATHE_THIRD_PARTY_MODELS");
        List<Path> places = env == null ? List.of(ExecuTorchRuntime.repoRoot().resolve("models"))
                : List.of(Path.of(env), ExecuTorchRuntime.repoRoot().resolve("models"));
        return places.stream().map(p -> p.resolve(CLS)).filter(Files::isRegularFile).findFirst();
    }
}
