package dev.lathe.engine.export.pte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PaddleOCR models of docs/third-party-models.md (paddle2onnx, opsets 9 and 11), exported and run by ExecuTorch
 * on portable kernels and with the XNNPACK delegate, against ONNX Runtime: the classifier (Conv/BatchNorm/
 * HardSigmoid with a Shape→Cast→Slice→Concat→Reshape chain), the detector (ConvTranspose and nearest Resize) and the
 * recognizer (SVTR blocks with a decomposed LayerNorm: ReduceMean, Sub, Pow, Sqrt, Div). Sizes are kept small
 * because portable convolutions are reference loops. all-MiniLM-L6-v2 (Maven) has a lowering for every op but
 * int64 token-id inputs, which are not exported yet.
 */
class ThirdPartyPteTest {
    private static final String CLS = "ch_ppocr_mobile_v2.0_cls_infer.onnx";

    record Case(String file, long[] shape, PteDelegate delegate) {
        @Override
        public String toString() {
            return file + " " + Shapes.text(shape) + " " + delegate;
        }
    }

    static List<Case> cases() {
        List<Case> all = new java.util.ArrayList<>();
        for (PteDelegate delegate : PteDelegate.values()) {
            all.add(new Case(CLS, new long[] {1, 3, 48, 192}, delegate));
            all.add(new Case("ch_PP-OCRv4_det_infer.onnx", new long[] {1, 3, 64, 96}, delegate));
            all.add(new Case("ch_PP-OCRv4_rec_infer.onnx", new long[] {1, 3, 48, 160}, delegate));
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void runsInExecuTorchAsInOnnxRuntime(Case c, @TempDir Path dir) throws Exception {
        Path model = ThirdPartyModels.ocr(c.file());
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        PteExport export = OnnxToPte.export(OnnxModel.read(model), c.file(), Optional.of(c.shape()), c.delegate());
        Path pte = Files.write(dir.resolve("model.pte"), export.bytes());
        float[] input = OpModels.random((int) Shapes.elements(c.shape()), 5);
        float[] executorch = et.output(pte, ExecuTorchRuntime.floats(dir.resolve("x.bin"), input));
        float[] reference;
        try (OrtReference ort = new OrtReference(Files.readAllBytes(model))) {
            reference = ort.run(input, c.shape());
        }
        System.out.printf("%s: %d values, max abs diff %.3g, %s%n", c, executorch.length,
                OrtReference.maxAbsDiff(executorch, reference), export.operatorCounts());
        assertThat(OrtReference.maxAbsDiff(executorch, reference)).isLessThanOrEqualTo(1e-4);
        assertThat(export.plan().arenaBytes()).isLessThanOrEqualTo(export.plan().naiveBytes());
    }

    @Test
    void miniLmHasALoweringForEveryOpAndIsRefusedForItsTokenIdInputs() throws Exception {
        Path model = ThirdPartyModels.miniLm();
        OnnxModel onnx = OnnxModel.read(model);
        assertThatThrownBy(() -> OnnxToPte.export(onnx, "all-minilm-l6-v2.onnx", Optional.of(new long[] {1, 16})))
                .isInstanceOf(PteExportException.class)
                .hasMessage("all-minilm-l6-v2.onnx: input 'input_ids' is not float32; only float32 inputs are exported");
    }

    @Test
    void ppOcrClassifierOnPortableKernelsPlansItsArenaTightly() throws Exception {
        Path model = ThirdPartyModels.ocr(CLS);
        PteExport export = OnnxToPte.export(OnnxModel.read(model), CLS, Optional.of(new long[] {1, 3, 48, 192}));
        assertThat(export.operatorCounts()).containsEntry("aten::convolution.out", 53);
        assertThat(export.plan().arenaBytes()).isLessThan(export.plan().naiveBytes() / 10);
    }
}
