package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.device.proto.BenchmarkRequest;
import dev.lathe.engine.device.proto.ModelDataFile;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.ProtocolMessages;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.device.remote.RunListener;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.onnx.ExternalDataModels;
import dev.lathe.engine.provenance.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model's external data on a board (issue 12): it travels with the model and sits beside it in a folder of the
 * agent's; the workbench refuses to send data from outside the model's folder, and the agent, asked directly by a
 * client that skips that check, never resolves a location outside its own upload folder. (A link cannot be sent:
 * the agent builds the folder itself from uploaded files, so the link case exists only on the workbench's side,
 * tested in the engine's ExternalDataTest.)
 */
class AgentExternalDataTest {
    private static final BenchConfig QUICK = new BenchConfig(1, 5, 0, 1, 1, Optional.empty());
    private static final String WEIGHT = ExternalDataModels.weight().getName();
    @TempDir
    static Path data;
    @TempDir
    static Path models;
    static AgentProcess agent;
    static AgentClient client;
    static RemoteDevice device;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentProcess.start(data);
        client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token, "external data test"));
        device = RemoteDevice.connect(client, t -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        agent.close();
    }

    @Test
    void aModelWithItsDataBesideItIsSentWithItAndRunsAsTheOriginal() throws Exception {
        Path model = ExternalDataModels.cnn(models.resolve("beside/weights"), "data/w.bin");
        Files.createDirectories(model.resolveSibling("data"));
        Files.write(model.resolveSibling("data/w.bin"), ExternalDataModels.weightBytes());
        EvalRequest first200 = EvalRequest.of(Samples.testImages()).withLimit(200);

        BenchmarkResult bench = device.benchmark(handle(model), QUICK, (i, nanos) -> { }, Progress.NONE);
        EvaluationResult split = device.evaluate(handle(model), Datasets.open(Samples.testImages()), first200,
                Progress.NONE);
        EvaluationResult whole = device.evaluate(handle(Samples.cnn()), Datasets.open(Samples.testImages()), first200,
                Progress.NONE);

        assertThat(bench.stats().count()).isEqualTo(5);
        assertThat(split.top1()).isEqualTo(whole.top1());
        assertThat(split.confusion()).isDeepEqualTo(whole.confusion());
        try (var folders = Files.list(data.resolve("models"))) {
            assertThat(folders.map(f -> f.resolve("data/w.bin")).filter(Files::exists)).singleElement()
                    .satisfies(w -> assertThat(w).hasBinaryContent(ExternalDataModels.weightBytes()));
        }
    }

    @Test
    void theWorkbenchSendsNoByteOfAModelWhoseDataIsOutsideItsFolder() throws Exception {
        Path secret = Files.write(models.resolve("another-secret.bin"), ExternalDataModels.weightBytes());
        Path model = ExternalDataModels.cnn(models.resolve("absolute-client"), secret.toString());

        assertThatThrownBy(() -> device.benchmark(handle(model), QUICK, (i, nanos) -> { }, Progress.NONE))
                .isInstanceOf(ModelFormatException.class).hasMessage("cnn.onnx: its external data '" + WEIGHT
                        + "' points outside the model's folder (" + secret + "); keep the data file beside the model");
        assertThat(data.resolve("blobs").resolve(Hashing.sha256(model))).doesNotExist();
    }

    @Test
    void anAgentOlderThanProtocol12IsNotSentAModelItCannotRunWhole() throws Exception {
        Path model = ExternalDataModels.cnn(models.resolve("older-agent"), "w.bin");
        Files.write(model.resolveSibling("w.bin"), ExternalDataModels.weightBytes());
        RemoteDevice older = RemoteDevice.described(client, client.describe().toBuilder().setProtocolVersion("1.1")
                .build(), t -> { });

        assertThatThrownBy(() -> older.benchmark(handle(model), QUICK, (i, nanos) -> { }, Progress.NONE))
                .isInstanceOf(DeviceException.class).hasMessageEndingWith("cnn.onnx keeps tensors in w.bin, which "
                        + "the agent on " + older.describe().name() + " (protocol 1.1) cannot receive: update it to "
                        + "protocol 1.2 or later");
    }

    @Test
    void anAbsoluteLocationIsRefusedByTheAgent() throws Exception {
        Path secret = secret();
        assertAgentRefuses(ExternalDataModels.cnn(models.resolve("absolute"), secret.toString()),
                "cnn.onnx: its external data '" + WEIGHT + "' points outside the model's folder (" + secret
                        + "); keep the data file beside the model");
    }

    @Test
    void aLocationThatClimbsOutIsRefusedByTheAgent() throws Exception {
        secret();
        assertAgentRefuses(ExternalDataModels.cnn(models.resolve("dotdot"), "../../../../../../../../../../../tmp/x"),
                "points outside the model's folder (../../../../../../../../../../../tmp/x)");
    }

    @Test
    void devZeroAndOnnxRuntimesMemoryMarkerAreRefusedByTheAgent() throws Exception {
        assertAgentRefuses(ExternalDataModels.cnn(models.resolve("devzero"), "/dev/zero"),
                "points outside the model's folder (/dev/zero)");
        assertAgentRefuses(ExternalDataModels.cnn(models.resolve("marker"), "*/_ORT_MEM_ADDR_/*"),
                "uses ONNX Runtime's in-memory marker");
    }

    @Test
    void aDataFileMustGoWhereTheModelNamesItAndInsideTheFolder() throws Exception {
        Path model = ExternalDataModels.cnn(models.resolve("placed"), "w.bin");
        Path weights = Files.write(models.resolve("placed/w.bin"), ExternalDataModels.weightBytes());
        String weightsSha = client.upload(weights, AgentClient.DEFAULT_CHUNK_BYTES, Progress.NONE).sha256();

        for (String outside : new String[] {"../w.bin", "/tmp/w.bin", "./w.bin", "a//w.bin"}) {
            assertAgentRefuses(model, ModelDataFile.newBuilder().setLocation(outside).setSha256(weightsSha).build(),
                    "is not a data file location");
        }
        assertAgentRefuses(model, ModelDataFile.newBuilder().setLocation("w.bin").setSha256("0".repeat(64)).build(),
                "upload the model's data files first");
    }

    @Test
    void aWorkbenchThatSendsNoDataFilesIsToldToUpdate() throws Exception {
        Path model = ExternalDataModels.cnn(models.resolve("old-workbench"), "w.bin");
        Files.write(model.resolveSibling("w.bin"), ExternalDataModels.weightBytes());

        assertAgentRefuses(model, null, "cnn.onnx: its external data '" + WEIGHT + "' (w.bin) was not uploaded with "
                + "the model; a workbench older than protocol 1.2 does not send it: update the workbench");
    }

    private static void assertAgentRefuses(Path model, String message) throws Exception {
        assertAgentRefuses(model, null, message);
    }

    /** Uploads the model as a client that skips the workbench's checks would, and asks for a benchmark of it. */
    private static void assertAgentRefuses(Path model, ModelDataFile sent, String message) throws Exception {
        String sha = client.upload(model, AgentClient.DEFAULT_CHUNK_BYTES, Progress.NONE).sha256();
        BenchmarkRequest.Builder request = BenchmarkRequest.newBuilder().setRunId(UUID.randomUUID().toString())
                .setModelSha256(sha).setFormat(ProtocolMessages.toProto(ModelFormat.ONNX)).setModelName("cnn.onnx")
                .setConfig(ProtocolMessages.toProto(QUICK)).setStreamSamples(true);
        if (sent != null) {
            request.addModelData(sent);
        }
        assertThatThrownBy(() -> client.benchmark(request.build(), RunListener.NONE))
                .isInstanceOf(DeviceException.class).hasMessageContaining(message);
        assertThat(client.describe().getCores()).isPositive();
    }

    private static ModelHandle handle(Path model) {
        return new ModelHandle(model, ModelFormat.ONNX, Optional.empty());
    }

    /** On "the board" (this computer), outside the agent's folder, the exact bytes the model wants. */
    private static Path secret() throws Exception {
        return Files.write(models.resolve("secret.bin"), ExternalDataModels.weightBytes());
    }
}
