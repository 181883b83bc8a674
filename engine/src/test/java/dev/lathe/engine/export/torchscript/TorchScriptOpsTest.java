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
    /** The op models of the ExecuTorch exporter that this writer refuses: shape arithmetic, Resize, 2-D Gather. */
    private static final List<String> REFUSED = List.of(
            "Reshape to a shape computed by Shape, Gather, Cast, Concat",
            "Reshape to a shape computed by Shape, Slice, Concat",
            "Resize nearest 2× (scales, half_pixel, round_prefer_floor)",
            "Resize nearest to sizes (asymmetric, floor, 3× and 1.5×)",
            "Resize nearest 4× (opset 11, empty roi and scales, sizes)",
            "Gather (axis 1, 2-D indices with a negative one)");

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
    void everyOpModelOfTheExecuTorchLoweringIsWrittenOrRefusedNamingANode() {
        assertThat(OpModels.all().stream().filter(op -> !lowered(op)).map(OpModel::name))
                .containsExactlyInAnyOrderElementsOf(REFUSED);
        for (OpModel op : OpModels.all().stream().filter(op -> !lowered(op)).toList()) {
            List<String> nodes = op.proto().getGraph().getNodeList().stream().map(n -> "'" + n.getName() + "'")
                    .toList();
            assertThatThrownBy(() -> OnnxToTorchScript.export(new OnnxModel(op.proto()), "op.onnx",
                    OnnxToTorchScript.Precision.FP32)).as(op.name())
                    .isInstanceOf(TorchScriptExportException.class)
                    .satisfies(e -> assertThat(nodes).anyMatch(n -> e.getMessage().contains(n)));
        }
    }

    private static boolean lowered(OpModel op) {
        try {
            OnnxToTorchScript.export(new OnnxModel(op.proto()), "op.onnx", OnnxToTorchScript.Precision.FP32);
            return true;
        } catch (TorchScriptExportException e) {
            return false;
        }
    }
}
