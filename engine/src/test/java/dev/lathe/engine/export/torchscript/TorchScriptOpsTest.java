package dev.lathe.engine.export.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.Samples;
import dev.lathe.engine.export.pte.OpModels;
import dev.lathe.engine.export.pte.OpModels.OpModel;
import dev.lathe.engine.export.pte.OrtReference;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.torchscript.TorchScriptSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One small model per op, written as TorchScript, run by libtorch and compared with ONNX Runtime. */
class TorchScriptOpsTest {
    /** The op models of the ExecuTorch exporter that this writer does not lower, each for the op it names. */
    private static final List<String> NOT_LOWERED = List.of("ConvTranspose", "Max", "LayerNormalization", "Shape",
            "Resize", "Slice", "Gather", "Cast", "ConstantOfShape");

    @TempDir
    Path tmp;

    public static Stream<OpModel> supported() {
        return OpModels.all().stream().filter(TorchScriptOpsTest::lowered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("supported")
    void matchesOnnxRuntime(OpModel op) throws Exception {
        TorchScriptExport export = OnnxToTorchScript.export(new OnnxModel(op.proto()), "op.onnx",
                OnnxToTorchScript.Precision.FP32);
        Path pt = Files.write(tmp.resolve("op.pt"), export.bytes());
        float[] input = OpModels.random(Math.toIntExact(Arrays.stream(op.inputShape()).reduce(1, Math::multiplyExact)),
                42);
        FloatTensor torch;
        try (TorchScriptSession session = new TorchScriptSession(Samples.PYTORCH, pt, Optional.of(op.inputShape()))) {
            torch = session.run(new FloatTensor(input, op.inputShape()));
        }
        float[] reference;
        try (OrtReference ort = new OrtReference(op.proto().toByteArray())) {
            reference = ort.run(input, op.inputShape());
        }
        assertThat(torch.data()).hasSize(reference.length);
        assertThat(OrtReference.maxAbsDiff(torch.data(), reference)).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void everyOpOfTheExecuTorchLoweringIsWrittenOrNamedWhenNot() {
        List<OpModel> refused = OpModels.all().stream().filter(op -> !lowered(op)).toList();
        assertThat(supported().count()).isGreaterThanOrEqualTo(30);
        for (OpModel op : refused) {
            assertThatThrownBy(() -> OnnxToTorchScript.export(new OnnxModel(op.proto()), "op.onnx",
                    OnnxToTorchScript.Precision.FP32)).as(op.name())
                    .isInstanceOf(TorchScriptExportException.class)
                    .hasMessageContaining("TorchScript export has no lowering for")
                    .hasMessageContaining(NOT_LOWERED.stream().filter(o -> op.proto().getGraph().getNodeList()
                            .stream().anyMatch(n -> n.getOpType().equals(o))).findFirst().orElseThrow() + " ('");
        }
    }

    private static boolean lowered(OpModel op) {
        return op.proto().getGraph().getNodeList().stream().allMatch(n -> TorchOps.supported().contains(n.getOpType()));
    }
}
