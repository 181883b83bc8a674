package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.device.HostProbe;
import dev.lathe.engine.device.proto.DeviceDescription;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.hardware.Bf16;
import dev.lathe.engine.hardware.RuntimeVersion;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.runtime.executorch.ExecuTorchRuntime;
import dev.lathe.engine.task.Progress;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent process reports the runtimes its registry holds, each by id with its real version, and whether this
 * CPU computes bf16 natively; a workbench refuses, before uploading, a model whose runtime the agent lacks.
 */
class AgentRuntimesTest {
    @TempDir
    Path tmp;

    @Test
    void anAgentReportsItsRuntimesWithTheVersionsOfTheJarsItLoadsThemFrom() throws Exception {
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("agent"));
             AgentClient client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token, "test"))) {
            DeviceDescription d = client.describe();

            List<RuntimeVersion> expected = new ArrayList<>(List.of(
                    new RuntimeVersion("onnxruntime", onnxRuntimeApiVersion()),
                    new RuntimeVersion("libtorch", bundledLibtorchRelease())));
            executorchRunnerHere().ifPresent(expected::add);
            assertThat(d.getRuntimesList()).extracting(r -> new RuntimeVersion(r.getName(), r.getVersion()))
                    .containsExactlyElementsOf(expected);
            assertThat(RemoteDevice.connect(client, t -> { }).describe().runtimes()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void anAgentReportsWhetherThisCpuComputesBf16Natively() throws Exception {
        // The agent runs on this computer: its answer is what this CPU's /proc/cpuinfo flags and the JVM give.
        Path cpuinfo = Path.of("/proc/cpuinfo");
        Bf16 here = Files.isReadable(cpuinfo)
                ? Bf16.of(System.getProperty("os.arch"), HostProbe.cpuFlags(Files.readAllLines(cpuinfo)))
                : Bf16.EMULATED;
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("agent"));
             AgentClient client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token, "test"))) {
            assertThat(client.describe().getBf16()).isEqualTo(here.id());
            assertThat(RemoteDevice.connect(client, t -> { }).describe().bf16()).isEqualTo(here);
        }
    }

    @Test
    void anAgentWithoutPyTorchsNativesListsNoLibtorchAndATorchScriptRunIsRefusedBeforeUploading() throws Exception {
        Path data = tmp.resolve("agent");
        // An agent whose lib/ lacks the pytorch-native-cpu jar (an older package, or the other platform's jar only).
        try (AgentProcess agent = AgentProcess.startWithout("pytorch-native", data);
             AgentClient client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token, "test"))) {
            RemoteDevice board = RemoteDevice.connect(client, t -> { });
            List<RuntimeVersion> expected = new ArrayList<>(List.of(
                    new RuntimeVersion("onnxruntime", onnxRuntimeApiVersion())));
            executorchRunnerHere().ifPresent(expected::add);
            assertThat(board.describe().runtimes()).containsExactlyElementsOf(expected);
            ModelHandle script = new ModelHandle(torchScript(), ModelFormat.TORCHSCRIPT,
                    Optional.of(new long[] {1, 1, 28, 28}));
            String refusal = HostProbe.hostName() + " has no libtorch (PyTorch) runtime for fashion_cnn.pt: copy the "
                    + "ai.djl.pytorch:pytorch-native-cpu jar for its platform into the agent's lib/ folder "
                    + "(native/agent/README.md) (it has ONNX Runtime " + onnxRuntimeApiVersion()
                    + executorchRunnerHere().map(et -> " · ExecuTorch " + et.version()).orElse("") + ")";

            assertThatThrownBy(() -> board.benchmark(script, new BenchConfig(1, 5, 0, 1, 1, Optional.empty()),
                    (i, nanos) -> { }, Progress.NONE)).isInstanceOf(DeviceException.class).hasMessage(refusal);
            EvalRequest eval = EvalRequest.of(Samples.testImages());
            assertThatThrownBy(() -> board.evaluate(script, Datasets.open(eval.dataset()), eval, Progress.NONE)).isInstanceOf(DeviceException.class).hasMessage(refusal);
            try (Stream<Path> blobs = Files.list(data.resolve("blobs"))) {
                assertThat(blobs).as("nothing was uploaded").isEmpty();
            }
            // Its ONNX runtime is unaffected.
            board.benchmark(new ModelHandle(Samples.cnn(), ModelFormat.ONNX, Optional.empty()),
                    new BenchConfig(1, 5, 0, 1, 1, Optional.empty()), (i, nanos) -> { }, Progress.NONE);
        }
    }

    /** What ONNX Runtime's own API says its version is (this test's JVM loads it). */
    private static String onnxRuntimeApiVersion() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    /** The release of the libtorch that the pytorch-native jar on this class path carries, "2.7.1" of "2.7.1-2025…". */
    private static String bundledLibtorchRelease() throws Exception {
        try (InputStream in = AgentRuntimesTest.class.getResourceAsStream("/native/lib/pytorch.properties")) {
            assertThat(in).as("the pytorch-native-cpu jar is on the test class path").isNotNull();
            Properties p = new Properties();
            p.load(in);
            String version = p.getProperty("version");
            return String.join(".", List.of(version.split("[.-]")).subList(0, 3));
        }
    }

    /** The PyTorch-made fixture, copied out of the engine's test jar (or folder) it is a resource of. */
    private Path torchScript() throws Exception {
        Path file = tmp.resolve("models").resolve("fashion_cnn.pt");
        Files.createDirectories(file.getParent());
        try (InputStream in = AgentRuntimesTest.class.getResourceAsStream("/torchscript/fashion_cnn.pt")) {
            assertThat(in).as("the engine's test resources are on the class path").isNotNull();
            Files.copy(in, file);
        }
        return file;
    }

    /**
     * ExecuTorch where the agent, started from these same class folders, finds a runner: the one this process finds,
     * with the version that runner reports.
     */
    private static Optional<RuntimeVersion> executorchRunnerHere() {
        return ExecuTorchRuntime.installed("the board is fine")
                .map(et -> new RuntimeVersion(et.id(), et.version()));
    }
}
