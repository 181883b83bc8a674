package dev.lathe.engine.runtime.executorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.device.LocalDevice;
import dev.lathe.engine.export.pte.RunnablePrograms;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.NativeCrashException;
import dev.lathe.engine.runtime.worker.ModelWorker;
import dev.lathe.engine.runtime.worker.WorkerSpec;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ExecuTorch programs on this computer, through the runtimes a workbench is built with: opened into the store, they
 * benchmark, evaluate and compare with their ONNX parent like ONNX models, each session a real runner process; a
 * broken or hostile program costs its run, in one line, and the next run is served.
 */
class ExecuTorchOnThisComputerTest {
    private static final String FINE = "this computer's runner is fine";
    private static final BenchConfig QUICK = new BenchConfig(5, 200, 0, 1, 1, Optional.empty());
    private static final int IMAGES = 1000;
    /** A batch the portable kernels take half a minute over: one run outlasts any cancel. */
    private static final int SLOW_IMAGES = 32;
    private static final BenchConfig ONE_RUN = new BenchConfig(0, 1, 0, SLOW_IMAGES, 1, Optional.empty());
    @TempDir
    static Path tmp;
    static ModelWorker worker;
    static Workbench workbench;
    static Path fp32;

    @BeforeAll
    static void start() throws Exception {
        Runner.require();
        worker = new ModelWorker(new WorkerSpec(Samples.cacheDir(), Files.createDirectories(tmp.resolve("logs")),
                FINE));
        workbench = Workbench.builder().store(ExperimentStore.open(tmp.resolve("lathe.db")))
                .runtimes(worker.runtimes()).torchScript((file, sha, bytes) -> {
                    throw new dev.lathe.engine.model.ModelFormatException(file, "TorchScript is not wired in this test");
                })
                .cacheDir(Samples.cacheDir()).pytorch(Samples.PYTORCH).build();
        fp32 = RunnablePrograms.fp32(Files.createDirectories(tmp.resolve("fp32")));
    }

    @AfterAll
    static void stop() {
        if (workbench != null) {
            workbench.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void programsOpenedIntoTheStoreBenchmarkWithEverySampleStreamedAndTheRunnersFigures() throws Exception {
        Path int8 = RunnablePrograms.int8(Files.createDirectories(tmp.resolve("int8")));
        for (Path pte : List.of(fp32, int8)) {
            ModelRecord program = workbench.open(pte);
            List<Long> streamed = new ArrayList<>();

            StoredBenchmark stored = workbench.benchmark(program, QUICK, (i, nanos) -> streamed.add(nanos),
                    Progress.NONE);

            BenchmarkResult r = stored.result();
            assertThat(r.runtime()).isEqualTo("ExecuTorch 1.4.1");
            assertThat(r.stats().count()).isEqualTo(200);
            assertThat(streamed).hasSize(200).allMatch(nanos -> nanos > 0)
                    .containsExactlyElementsOf(java.util.Arrays.stream(r.samplesNanos()).boxed().toList());
            assertThat(r.inputShape()).containsExactly(1L, 1L, 28L, 28L);
            assertThat(r.loadMillis()).isPositive();
            // The runner's own peak, not this JVM's: a few MB for a 1.8 MB program and the runtime.
            assertThat(r.peakRssBytes()).isBetween(1L << 20, 200L << 20);
            assertThat(workbench.benchmarks(program)).hasSize(1);
        }
    }

    @Test
    void evaluatedOnFashionMnistTheProgramsTop1IsItsOnnxParents() throws Exception {
        ModelRecord program = workbench.open(fp32);
        ModelRecord onnx = workbench.open(Samples.cnn());
        EvalRequest request = EvalRequest.of(Samples.testImages()).withLimit(IMAGES);

        StoredEvaluation et = workbench.evaluate(program, request, Progress.NONE);
        StoredEvaluation ort = workbench.evaluate(onnx, request, Progress.NONE);

        assertThat(et.result().samples()).isEqualTo(IMAGES);
        assertThat(et.result().top1()).isEqualTo(ort.result().top1());
        assertThat(et.result().top1()).isGreaterThan(0.85);
        assertThat(et.result().runtime()).isEqualTo("ExecuTorch 1.4.1");
    }

    @Test
    void theStaticInt8ProgramAgreesWithItsOnnxParentOnFidelity() throws Exception {
        ModelRecord int8 = workbench.open(RunnablePrograms.int8(Files.createDirectories(tmp.resolve("int8"))));
        ModelRecord parent = workbench.open(RunnablePrograms.int8Onnx());
        ModelRecord fp32Program = workbench.open(fp32);
        ModelRecord fp32Parent = workbench.open(Samples.cnn());

        FidelityReport exact = workbench.fidelity(fp32Parent, fp32Program, Optional.of(Samples.testImages()), 200,
                Progress.NONE);
        FidelityReport quantized = workbench.fidelity(parent, int8, Optional.of(Samples.testImages()), 200,
                Progress.NONE);

        assertThat(exact.samples()).isEqualTo(200);
        assertThat(exact.maxAbsError()).isLessThanOrEqualTo(1e-4);
        assertThat(exact.top1Agreement()).isEqualTo(1.0);
        assertThat(quantized.top1Agreement()).isGreaterThanOrEqualTo(0.99);
        assertThat(quantized.cosine()).isGreaterThan(0.999);
    }

    @Test
    void aTruncatedProgramCostsItsRunInOneLineAndTheNextRunIsServed() throws Exception {
        LocalDevice device = new LocalDevice(worker.runtimes());
        Path cut = RunnablePrograms.truncated(Files.createDirectories(tmp.resolve("cut")), 4096);

        assertThatThrownBy(() -> device.benchmark(pte(cut), QUICK, (i, n) -> { }, Progress.NONE))
                .isInstanceOf(InferenceException.class).isNotInstanceOf(NativeCrashException.class)
                .hasMessage("cut.pte: ExecuTorch cannot load the program: Error::InvalidProgram (error 0x23)");
        assertThat(device.benchmark(pte(fp32), QUICK, (i, n) -> { }, Progress.NONE).stats().count()).isEqualTo(200);
    }

    @Test
    void aProgramThatCrashesTheRuntimeCostsItsRunInOneLineAndTheNextRunIsServed() throws Exception {
        LocalDevice device = new LocalDevice(worker.runtimes());
        Path crashing = RunnablePrograms.crashing(Files.createDirectories(tmp.resolve("crash")));
        BenchConfig batchOfTwo = new BenchConfig(1, 10, 0, 2, 1, Optional.empty());

        assertThatThrownBy(() -> device.benchmark(pte(crashing), batchOfTwo, (i, n) -> { }, Progress.NONE))
                .isInstanceOf(NativeCrashException.class)
                .hasMessage("ExecuTorch crashed while running unplanned-output.pte (SIGSEGV); " + FINE);
        assertThat(device.benchmark(pte(fp32), QUICK, (i, n) -> { }, Progress.NONE).stats().count()).isEqualTo(200);
    }

    @Test
    void aCancelledRunStopsItsRunnerWithinTwoSecondsAndTheNextRunIsServed() throws Exception {
        LocalDevice device = new LocalDevice(worker.runtimes());
        ModelHandle slow = pte(RunnablePrograms.slow(Files.createDirectories(tmp.resolve("slow")), SLOW_IMAGES));
        EvalRequest request = EvalRequest.of(Samples.testImages()).withLimit(2 * SLOW_IMAGES);

        CancelledRun benchmark = CancelledRun.of(ProcessHandle.current(),
                () -> device.benchmark(slow, ONE_RUN, (i, n) -> { }, Progress.NONE));
        CancelledRun evaluation = CancelledRun.of(ProcessHandle.current(),
                () -> device.evaluate(slow, Datasets.open(Samples.testImages()), request, Progress.NONE));

        assertThat(benchmark.thrown().orElseThrow()).isInstanceOf(CancelledException.class)
                .hasMessage("Running cnn-portable-" + SLOW_IMAGES + ".pte was cancelled");
        assertThat(evaluation.thrown().orElseThrow()).isInstanceOf(CancelledException.class)
                .hasMessage("Evaluation of cnn-portable-" + SLOW_IMAGES + ".pte was cancelled");
        for (CancelledRun cancelled : List.of(benchmark, evaluation)) {
            assertThat(cancelled.returnedAfter()).isLessThan(Duration.ofSeconds(2));
            assertThat(cancelled.runnerAliveOnReturn()).isFalse();
        }
        assertThat(device.benchmark(pte(fp32), QUICK, (i, n) -> { }, Progress.NONE).stats().count()).isEqualTo(200);
    }

    @Test
    void whereNoRunnerIsInstalledARunSaysWhatIsMissingAndWhereToReadHowToBuildIt() {
        // The runtimes of a process without a runner: the in-process registry a worker builds registers none.
        assertThatThrownBy(() -> Samples.runtimes().open(pte(fp32), dev.lathe.engine.runtime.SessionOptions.DEFAULT))
                .isInstanceOf(InferenceException.class)
                .hasMessage("cnn.pte: this device has no ExecuTorch runner (lathe-et-runner); see "
                        + "native/executorch-runner/README.md to build it");
    }

    private static ModelHandle pte(Path file) {
        return new ModelHandle(file, ModelFormat.PTE, Optional.empty());
    }
}
