package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.device.LocalDevice;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.device.proto.DatasetFile;
import dev.lathe.engine.device.proto.EvaluateRequest;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.ProtocolMessages;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.fidelity.ReferenceFidelity;
import dev.lathe.engine.model.ModelFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation and fidelity on a device: the dataset's files go once, by hash; the board's metrics match this
 * computer's, and its outputs match reference outputs recorded here.
 */
class AgentEvaluateTest {
    private static final ModelHandle CNN = new ModelHandle(Samples.cnn(), ModelFormat.ONNX, Optional.empty());
    private static final EvalRequest FIRST_500 = EvalRequest.of(Samples.testImages()).withLimit(500);
    @TempDir
    static Path data;
    @TempDir
    static Path files;
    static AgentProcess agent;
    static AgentClient client;
    static RemoteDevice device;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentProcess.start(data);
        client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token, "evaluate test"));
        device = RemoteDevice.connect(client, t -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        agent.close();
    }

    @Test
    void aModelGoesToTheBoardUnderTheHashItsHandleCarries() throws Exception {
        String otherSha = dev.lathe.engine.provenance.Hashing.sha256(
                "a file the board has never seen".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ModelHandle claimed = new ModelHandle(Samples.cnn(), ModelFormat.ONNX, Optional.empty(), "cnn.onnx",
                Optional.of(otherSha));

        assertThatThrownBy(() -> device.evaluate(claimed, Datasets.open(Samples.testImages()), FIRST_500,
                Progress.NONE))
                .as("the workbench hashed the file once; the board checks what arrives against that hash")
                .hasMessageContaining("hashes to " + dev.lathe.engine.provenance.Hashing.sha256(Samples.cnn())
                        + ", not " + otherSha);
    }

    @Test
    void theBoardsMetricsMatchThisComputersAndTheDatasetIsSentOnce() throws Exception {
        EvaluationResult local = new LocalDevice(Samples.runtimes()).evaluate(CNN,
                Datasets.open(Samples.testImages()), FIRST_500, Progress.NONE);
        List<String> first = new CopyOnWriteArrayList<>();
        EvaluationResult remote = device.evaluate(CNN, Datasets.open(Samples.testImages()), FIRST_500,
                (done, total, message) -> first.add(message));

        assertThat(remote.samples()).isEqualTo(500);
        assertThat(remote.top1()).isEqualTo(local.top1());
        assertThat(remote.top5()).isEqualTo(local.top5());
        assertThat(remote.confusion()).isDeepEqualTo(local.confusion());
        assertThat(remote.classNames()).isEqualTo(local.classNames());
        assertThat(remote.preprocessing()).isEqualTo(local.preprocessing());
        assertThat(first).anySatisfy(m -> assertThat(m).contains("Sending t10k-labels"));

        List<String> again = new CopyOnWriteArrayList<>();
        device.evaluate(CNN, Datasets.open(Samples.testImages()), FIRST_500, (done, total, message) -> again.add(message));
        assertThat(again).noneSatisfy(m -> assertThat(m).startsWith("Sending"));
    }

    @Test
    void theBoardsOutputsMatchReferenceOutputsRecordedHereOnSyntheticInputsAndOnTheDataset() throws Exception {
        ReferenceFidelity recorder = new ReferenceFidelity(Samples.runtimes());
        Path synthetic = files.resolve("synthetic.f32");
        assertThat(recorder.record(CNN, Optional.empty(), 64, synthetic, Progress.NONE)).isEqualTo(64);
        FidelityReport onSynthetic = device.fidelity(CNN, synthetic, Optional.empty(), 64, Progress.NONE);
        assertThat(onSynthetic.samples()).isEqualTo(64);
        assertThat(onSynthetic.cosine()).isCloseTo(1.0, within(1e-6));
        assertThat(onSynthetic.top1Agreement()).isEqualTo(1.0);
        assertThat(onSynthetic.inputs()).contains("synthetic");

        Path images = files.resolve("images.f32");
        recorder.record(CNN, Optional.of(Samples.testImages()), 100, images, Progress.NONE);
        FidelityReport onImages = device.fidelity(CNN, images, Optional.of(Samples.testImages()), 100, Progress.NONE);
        assertThat(onImages.samples()).isEqualTo(100);
        assertThat(onImages.top1Agreement()).isEqualTo(1.0);
        assertThat(onImages.maxAbsError()).isLessThan(1e-4);
    }

    @Test
    void referenceOutputsRecordedOnOtherInputsAreRefusedSayingWhy() throws Exception {
        Path fewer = files.resolve("fewer.f32");
        new ReferenceFidelity(Samples.runtimes()).record(CNN, Optional.empty(), 32, fewer, Progress.NONE);
        assertThatThrownBy(() -> device.fidelity(CNN, fewer, Optional.empty(), 64, Progress.NONE))
                .isInstanceOf(DeviceException.class).hasMessageContaining("fewer values")
                .hasMessageContaining("same dataset and number of samples");
    }

    @Test
    void datasetPathsThatLeaveTheDatasetFolderAreRefused() throws Exception {
        String sha = client.upload(Samples.cnn(), AgentClient.DEFAULT_CHUNK_BYTES, Progress.NONE).sha256();
        for (String trick : new String[] {"../../escape", "/etc/passwd", "a/b/c", ".hidden", "a\\..\\b", ""}) {
            EvaluateRequest request = EvaluateRequest.newBuilder().setRunId(UUID.randomUUID().toString())
                    .setModelSha256(sha).setFormat(ProtocolMessages.toProto(ModelFormat.ONNX)).setModelName("cnn")
                    .addDataset(DatasetFile.newBuilder().setPath(trick).setSha256(sha)).build();
            assertThatThrownBy(() -> client.evaluate(request, Progress.NONE)).as(trick)
                    .isInstanceOf(DeviceException.class).hasMessageContaining("is not a dataset file path");
        }
        assertThat(data.resolve("escape")).doesNotExist();
    }

    @Test
    void datasetFilesTheAgentDoesNotHoldAreNamed() throws Exception {
        String sha = client.upload(Samples.cnn(), AgentClient.DEFAULT_CHUNK_BYTES, Progress.NONE).sha256();
        EvaluateRequest request = EvaluateRequest.newBuilder().setRunId(UUID.randomUUID().toString())
                .setModelSha256(sha).setFormat(ProtocolMessages.toProto(ModelFormat.ONNX)).setModelName("cnn")
                .addDataset(DatasetFile.newBuilder().setPath("data.csv").setSha256("b".repeat(64)))
                .setDatasetEntry("data.csv").build();
        assertThatThrownBy(() -> client.evaluate(request, Progress.NONE)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("data.csv").hasMessageContaining("upload the dataset's files first");
    }
}
