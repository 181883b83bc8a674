package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.device.HostProbe;
import dev.lathe.engine.device.directory.ChildAgentProcess;
import dev.lathe.engine.hardware.Bf16;
import dev.lathe.engine.runtime.executorch.ExecuTorchRuntime;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lathe devices} lists each device's runtimes with versions and whether its CPU computes bf16 natively, and a
 * run of a format a board has no runtime for is refused in one line before anything is uploaded. Real agent processes
 * on loopback; this computer's runner is the same agent in a child process.
 */
class DeviceRuntimesCommandTest {
    @TempDir
    Path tmp;
    private ChildAgentProcess agent;

    @AfterEach
    void stopAgent() throws Exception {
        if (agent != null) {
            agent.stop();
        }
    }

    @Test
    void everyDeviceListedNamesItsRuntimesWithVersionsAndItsBf16() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        String address = pair(cli, System.getProperty("java.class.path"));
        // Both devices run on this computer: what its /proc/cpuinfo and JVM give, and the jars on this class path.
        Path cpuinfo = Path.of("/proc/cpuinfo");
        Bf16 here = Files.isReadable(cpuinfo)
                ? Bf16.of(System.getProperty("os.arch"), HostProbe.cpuFlags(Files.readAllLines(cpuinfo)))
                : Bf16.EMULATED;
        String ort = OrtEnvironment.getEnvironment().getVersion();
        String libtorch = bundledLibtorchRelease();
        Optional<String> executorch = executorchHere();

        JsonNode devices = CliHarness.json(cli.run("devices", "--json")).get("devices");

        assertThat(devices).hasSize(2).allSatisfy(d -> {
            assertThat(d.get("device").get("bf16").asText()).isEqualTo(here.id());
            assertThat(d.get("device").get("runtimes").toString()).isEqualTo("[{\"name\":\"onnxruntime\",\"version\":\""
                    + ort + "\"},{\"name\":\"libtorch\",\"version\":\"" + libtorch + "\"}"
                    + executorch.map(v -> ",{\"name\":\"executorch\",\"version\":\"" + v + "\"}").orElse("") + "]");
            assertThat(d.get("device").has("runtime")).isFalse();
        });
        List<String> lines = cli.run("devices").lines().toList();
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).endsWith(" · " + here.label()
                + " · ONNX Runtime " + ort + " · libtorch " + libtorch
                + executorch.map(v -> " · ExecuTorch " + v).orElse("")));
        assertThat(lines.get(1)).contains("(" + address + ")");
    }

    @Test
    void aTorchScriptBenchmarkOnABoardWithoutLibtorchIsRefusedInOneLineBeforeUploading() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        // An agent whose lib/ lacks the pytorch-native-cpu jar (an older package, or the other platform's jar only).
        String withoutPyTorch = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().contains("pytorch-native"))
                .collect(Collectors.joining(File.pathSeparator));
        String address = pair(cli, withoutPyTorch);
        JsonNode board = CliHarness.json(cli.run("devices", "--json")).get("devices").get(1).get("device");
        assertThat(board.get("runtimes")).hasSize(executorchHere().isPresent() ? 2 : 1);
        assertThat(board.get("runtimes").get(0).get("name").asText()).isEqualTo("onnxruntime");

        int code = cli.exit("bench", SampleFiles.torchScriptFixture().toString(), "--device", address,
                "--input-shape", "1,1,28,28", "--iterations", "5", "--warmup", "1");

        assertThat(code).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("lathe: " + board.get("name").asText() + " has no libtorch (PyTorch) runtime for "
                + SampleFiles.torchScriptFixture().getFileName() + ": copy the ai.djl.pytorch:pytorch-native-cpu jar "
                + "for its platform into the agent's lib/ folder (native/agent/README.md) (it has ONNX Runtime "
                + OrtEnvironment.getEnvironment().getVersion() + executorchHere().map(v -> " · ExecuTorch " + v).orElse("")
                + ")" + System.lineSeparator());
        try (Stream<Path> blobs = Files.list(tmp.resolve("agent/blobs"))) {
            assertThat(blobs).as("nothing was uploaded").isEmpty();
        }
    }

    /** ExecuTorch's version where the agents, started from this class path, find a runner: the one this process finds. */
    private static Optional<String> executorchHere() {
        return ExecuTorchRuntime.installed("the board is fine").map(ExecuTorchRuntime::version);
    }

    private String pair(CliHarness cli, String classPath) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        agent = ChildAgentProcess.start(List.of(java, "-Xmx512m", "-Dai.djl.offline=true", "-cp", classPath,
                "dev.lathe.agent.AgentMain", "--port", "0", "--data-dir", tmp.resolve("agent").toString()),
                tmp.resolve("agent-stderr.log"), Duration.ofSeconds(60));
        String address = "127.0.0.1:" + agent.port();
        cli.run("pair", address, "--token", agent.token());
        return address;
    }

    /** The release of the libtorch that the pytorch-native jar on this class path carries, "2.7.1" of "2.7.1-2025…". */
    private static String bundledLibtorchRelease() throws Exception {
        try (InputStream in = DeviceRuntimesCommandTest.class.getResourceAsStream("/native/lib/pytorch.properties")) {
            assertThat(in).as("the pytorch-native-cpu jar is on the test class path").isNotNull();
            Properties p = new Properties();
            p.load(in);
            return String.join(".", List.of(p.getProperty("version").split("[.-]")).subList(0, 3));
        }
    }
}
