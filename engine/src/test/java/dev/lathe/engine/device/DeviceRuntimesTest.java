package dev.lathe.engine.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.hardware.Bf16;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.hardware.Int8Path;
import dev.lathe.engine.hardware.KnownRuntime;
import dev.lathe.engine.hardware.RuntimeVersion;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelHandle;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A run of a format whose runtime a device does not list is refused in one line: the device, the runtime, what to do. */
class DeviceRuntimesTest {
    private static final DeviceFingerprint PI5 = new DeviceFingerprint("agent-1", "pi5", "Cortex-A76", 4, 8L << 30,
            "Linux 6.6", "aarch64", "OpenJDK 17", List.of(new RuntimeVersion("onnxruntime", "1.23.2")),
            Int8Path.NEON_DOTPROD, Bf16.EMULATED);

    @Test
    void aBoardWithoutAnExecuTorchRunnerPointsAtTheRunnersReadme() {
        assertThatThrownBy(() -> DeviceRuntimes.require(PI5, model("cnn.pte", ModelFormat.PTE)))
                .isInstanceOf(DeviceException.class)
                .hasMessage("pi5 has no ExecuTorch runner for cnn.pte; see native/executorch-runner/README.md "
                        + "(it has ONNX Runtime 1.23.2)");
    }

    @Test
    void aBoardWithoutLibtorchSaysWhichJarItsAgentNeeds() {
        assertThatThrownBy(() -> DeviceRuntimes.require(PI5, model("m.pt", ModelFormat.TORCHSCRIPT)))
                .hasMessage("pi5 has no libtorch (PyTorch) runtime for m.pt: copy the ai.djl.pytorch:pytorch-native-cpu "
                        + "jar for its platform into the agent's lib/ folder (native/agent/README.md) (it has ONNX "
                        + "Runtime 1.23.2)");
    }

    @Test
    void aRuntimeTheDeviceListsLetsTheRunGoAheadWhateverItsVersion() {
        assertThatCode(() -> DeviceRuntimes.require(PI5, model("cnn.onnx", ModelFormat.ONNX)))
                .doesNotThrowAnyException();
        DeviceFingerprint olderAgent = new DeviceFingerprint("agent-2", "pi4", "Cortex-A72", 4, 4L << 30, "Linux",
                "aarch64", "OpenJDK 17", List.of(RuntimeVersion.reported("ONNX Runtime", "1.23.2"),
                RuntimeVersion.reported("PyTorch", "starts with the first TorchScript model")), Int8Path.NEON, null);
        assertThatCode(() -> DeviceRuntimes.require(olderAgent, model("m.pt", ModelFormat.TORCHSCRIPT)))
                .as("an agent of protocol 1.2 named libtorch PyTorch").doesNotThrowAnyException();
    }

    @Test
    void everyFormatNeedsAKnownRuntime() {
        assertThat(Arrays.stream(ModelFormat.values()).map(DeviceRuntimes::needed).map(KnownRuntime::id))
                .containsExactly("onnxruntime", "libtorch", "executorch");
    }

    private static ModelHandle model(String name, ModelFormat format) {
        return new ModelHandle(Path.of("/models").resolve(name), format, Optional.empty());
    }
}
