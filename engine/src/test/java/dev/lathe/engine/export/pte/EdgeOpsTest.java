package dev.lathe.engine.export.pte;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each supported op, alone in a small model, run by the real ExecuTorch runtime and by ONNX Runtime. */
class EdgeOpsTest {
    @TempDir
    Path dir;

    static List<OpModels.OpModel> models() {
        return OpModels.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void runsInExecuTorchAsInOnnxRuntime(OpModels.OpModel model) throws Exception {
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        PteExport export = OnnxToPte.export(new OnnxModel(model.proto()), model.name(), Optional.empty());
        Path pte = Files.write(dir.resolve("op.pte"), export.bytes());
        float[] input = OpModels.random((int) Shapes.elements(model.inputShape()), 42);
        for (int i = 0; i < input.length; i++) {
            input[i] *= 3;
        }
        float[] executorch = et.output(pte, ExecuTorchRuntime.floats(dir.resolve("x.bin"), input));
        float[] reference;
        try (OrtReference ort = new OrtReference(model.proto().toByteArray())) {
            reference = ort.run(input, model.inputShape());
        }
        assertThat(OrtReference.maxAbsDiff(executorch, reference)).isLessThanOrEqualTo(1e-5);
        assertThat(export.plan().arenaBytes()).isLessThanOrEqualTo(export.plan().naiveBytes());
    }
}
