package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.BoardFidelity;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.export.pte.RunnablePrograms;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.fidelity.ReferenceFidelity;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.runtime.executorch.CancelledRun;
import dev.lathe.engine.runtime.executorch.Runner;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ExecuTorch programs on a real agent over a real socket: benchmarked with their samples streamed, evaluated and
 * compared with their ONNX parent through the same protocol as ONNX models, each run in a runner process of its own; a broken or hostile program
 * costs its run, in one line, a cancelled run stops its runner, and the board serves the next one.
 */
class AgentExecuTorchTest {
    private static final BenchConfig QUICK = new BenchConfig(5, 300, 0, 1, 1, Optional.empty());
    @TempDir
    static Path data;
    @TempDir
    static Path models;
    static AgentProcess agent;
    static AgentClient client;
    static RemoteDevice board;
    static ModelHandle fp32;

    @BeforeAll
    static void start() throws Exception {
        Runner.require();
        fp32 = pte(RunnablePrograms.fp32(Files.createDirectories(models.resolve("fp32"))));
        agent = AgentProcess.start(data);
        client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token, "executorch test"));
        board = RemoteDevice.connect(client, t -> { });
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @AfterEach
    void theBoardStillServesTheNextRun() throws Exception {
        assertThat(agent.process.isAlive()).isTrue();
        assertThat(board.benchmark(fp32, QUICK, (i, n) -> { }, Progress.NONE).stats().count()).isEqualTo(300);
    }

    @Test
    void programsBenchmarkOnTheBoardWithEverySampleStreamedAsOnnxModelsDo() throws Exception {
        ModelHandle int8 = pte(RunnablePrograms.int8(Files.createDirectories(models.resolve("int8"))));
        for (ModelHandle program : List.of(fp32, int8)) {
            List<Long> streamed = new ArrayList<>();

            BenchmarkResult r = board.benchmark(program, QUICK, (i, nanos) -> streamed.add(nanos), Progress.NONE);

            assertThat(r.runtime()).isEqualTo("ExecuTorch 1.4.1");
            assertThat(r.stats().count()).isEqualTo(300);
            assertThat(streamed).containsExactlyElementsOf(Arrays.stream(r.samplesNanos()).boxed().toList());
            assertThat(r.peakRssBytes()).isBetween(1L << 20, 200L << 20);
            assertThat(r.loadMillis()).isPositive();
        }
    }

    @Test
    void aProgramEvaluatedOnTheBoardGetsItsOnnxParentsTop1() throws Exception {
        EvalRequest request = EvalRequest.of(Samples.testImages()).withLimit(500);
        ModelHandle onnx = new ModelHandle(Samples.cnn(), ModelFormat.ONNX, Optional.empty());

        EvaluationResult et = board.evaluate(fp32, Datasets.open(Samples.testImages()), request, Progress.NONE);
        EvaluationResult ort = board.evaluate(onnx, Datasets.open(Samples.testImages()), request, Progress.NONE);

        assertThat(et.samples()).isEqualTo(500);
        assertThat(et.runtime()).isEqualTo("ExecuTorch 1.4.1");
        assertThat(et.top1()).isEqualTo(ort.top1());
    }

    @Test
    void aProgramsFidelityOnTheBoardAgainstItsOnnxParentRecordedHere() throws Exception {
        ModelHandle onnx = new ModelHandle(Samples.cnn(), ModelFormat.ONNX, Optional.empty());

        FidelityReport r = new BoardFidelity(new ReferenceFidelity(Samples.runtimes())).measure(onnx, fp32, board,
                Optional.of(Samples.testImages()), 200, Progress.NONE);

        assertThat(r.samples()).isEqualTo(200);
        assertThat(r.maxAbsError()).isLessThanOrEqualTo(1e-4);
        assertThat(r.top1Agreement()).isEqualTo(1.0);
    }

    @Test
    void aTruncatedProgramCostsItsRunInOneLine() throws Exception {
        ModelHandle cut = pte(RunnablePrograms.truncated(Files.createDirectories(models.resolve("cut")), 4096));

        assertThatThrownBy(() -> board.benchmark(cut, QUICK, (i, n) -> { }, Progress.NONE))
                .isInstanceOf(DeviceException.class)
                .hasMessage("cut.pte: ExecuTorch cannot load the program: Error::InvalidProgram (error 0x23)");
    }

    @Test
    void aProgramThatCrashesTheRuntimeCostsItsRunAndTheBoardSaysSoInOneLine() throws Exception {
        ModelHandle crashing = pte(RunnablePrograms.crashing(Files.createDirectories(models.resolve("crash"))));

        assertThatThrownBy(() -> board.benchmark(crashing, new BenchConfig(1, 10, 0, 2, 1, Optional.empty()),
                (i, n) -> { }, Progress.NONE))
                .isInstanceOf(DeviceException.class)
                .hasMessage("ExecuTorch crashed while running unplanned-output.pte (SIGSEGV); the board is fine");
    }

    @Test
    void aRunCancelledFromTheWorkbenchStopsItsRunnerOnTheBoardWithinTwoSeconds() throws Exception {
        ModelHandle slow = pte(RunnablePrograms.slow(Files.createDirectories(models.resolve("slow")), 32));

        CancelledRun cancelled = CancelledRun.of(agent.process.toHandle(), () -> board.benchmark(slow,
                new BenchConfig(0, 1, 0, 32, 1, Optional.empty()), (i, n) -> { }, Progress.NONE));

        assertThat(cancelled.thrown().orElseThrow()).isInstanceOf(CancelledException.class);
        assertThat(cancelled.returnedAfter()).isLessThan(Duration.ofSeconds(2));
        assertThat(cancelled.runnerGoneAfter()).isLessThan(Duration.ofSeconds(2));
    }

    private static ModelHandle pte(Path file) {
        return new ModelHandle(file, ModelFormat.PTE, Optional.empty());
    }
}
