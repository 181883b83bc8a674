package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.device.proto.BenchmarkRequest;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.ProtocolMessages;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.device.remote.RunListener;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.CrashingModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A board no model can take down: models that crash ONNX Runtime's native code, sent to a real agent on loopback,
 * cost their run and nothing else. The agent says what crashed in one line and answers the next request; the JVM's
 * crash report goes to its data folder, never the folder it was started in.
 */
class AgentContainmentTest {
    private static final BenchConfig QUICK = new BenchConfig(5, 50, 0, 1, 1, Optional.empty());
    @TempDir
    static Path data;
    @TempDir
    static Path startedIn;
    @TempDir
    static Path models;
    static AgentProcess agent;
    static AgentClient client;
    static RemoteDevice board;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentProcess.startIn(startedIn, data);
        client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token, "containment test"));
        board = RemoteDevice.connect(client, t -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        agent.close();
    }

    @AfterEach
    void theAgentStillAnswersAndNoCrashReportLandsWhereItWasStarted() throws Exception {
        assertThat(agent.process.isAlive()).isTrue();
        ModelHandle cnn = new ModelHandle(Samples.cnn(), ModelFormat.ONNX, Optional.empty());
        assertThat(board.benchmark(cnn, QUICK, SampleListener.NONE, Progress.NONE).stats().count()).isEqualTo(50);
        assertThat(crashReports(startedIn)).isEmpty();
    }

    @Test
    void aModelThatCrashesOnnxRuntimeWhileLoadingCostsItsRunAndTheBoardSaysSoInOneLine() throws Exception {
        ModelHandle crashing = onnx(CrashingModels.divisionByZeroWhileLoading(models));

        assertThatThrownBy(() -> board.benchmark(crashing, QUICK, SampleListener.NONE, Progress.NONE))
                .isInstanceOf(DeviceException.class)
                .hasMessage("ONNX Runtime crashed while loading div-by-zero-load.onnx (SIGFPE); the board is fine");
        assertThatThrownBy(() -> board.evaluate(crashing, Datasets.open(Samples.testImages()),
                EvalRequest.of(Samples.testImages()).withLimit(10), Progress.NONE))
                .hasMessage("ONNX Runtime crashed while loading div-by-zero-load.onnx (SIGFPE); the board is fine");
        assertThat(crashReports(data)).isNotEmpty();
    }

    @Test
    void aModelThatCrashesOnnxRuntimeWhileRunningCostsItsRunAndTheBoardSaysSoInOneLine() throws Exception {
        ModelHandle crashing = onnx(CrashingModels.divisionByZeroWhileRunning(models));

        assertThatThrownBy(() -> board.benchmark(crashing, QUICK, SampleListener.NONE, Progress.NONE))
                .isInstanceOf(DeviceException.class)
                .hasMessage("ONNX Runtime crashed while benchmarking div-by-zero-run.onnx (SIGFPE); the board is fine");
    }

    @Test
    void aConvWithZeroStridesIsRefusedBeforeOnnxRuntimeSeesIt() throws Exception {
        // Sent as a workbench that skips its own check would send it: the agent checks on its own.
        Path model = CrashingModels.convWithZeroStrides(models);
        String sha = client.upload(model, AgentClient.DEFAULT_CHUNK_BYTES, Progress.NONE).sha256();
        BenchmarkRequest request = BenchmarkRequest.newBuilder().setRunId(UUID.randomUUID().toString())
                .setModelSha256(sha).setFormat(ProtocolMessages.toProto(ModelFormat.ONNX))
                .setModelName("conv-zero-strides.onnx").setConfig(ProtocolMessages.toProto(QUICK)).build();
        long reportsBefore = crashReports(data).size();

        assertThatThrownBy(() -> client.benchmark(request, new RunListener() { }))
                .isInstanceOf(DeviceException.class)
                .hasMessage("conv-zero-strides.onnx: node 'conv1' (Conv) has strides [0, 0]; strides must be 1 or "
                        + "more");
        assertThat(crashReports(data)).hasSize((int) reportsBefore);
        // The workbench refuses it too, before sending a byte.
        assertThatThrownBy(() -> board.benchmark(onnx(model), QUICK, SampleListener.NONE, Progress.NONE))
                .hasMessage("conv-zero-strides.onnx: node 'conv1' (Conv) has strides [0, 0]; strides must be 1 or "
                        + "more");
    }

    private static ModelHandle onnx(Path file) {
        return new ModelHandle(file, ModelFormat.ONNX, Optional.empty());
    }

    private static List<Path> crashReports(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList();
        }
    }
}
