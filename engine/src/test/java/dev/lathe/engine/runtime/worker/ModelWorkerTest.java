package dev.lathe.engine.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.CrashingModels;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.NativeCrashException;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import dev.lathe.engine.runtime.Timing;
import dev.lathe.engine.runtime.TimingPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models that crash ONNX Runtime's native code, loaded through a real model worker: each costs the worker, never this
 * JVM, is reported in one line naming the runtime, what it was doing and the signal, and the next model loads in a
 * new worker. The crash report goes to the log folder.
 */
class ModelWorkerTest {
    private static final String FINE = "the workbench is fine";
    @TempDir
    static Path logs;
    @TempDir
    static Path models;
    static ModelWorker worker;
    static Runtimes runtimes;

    @BeforeAll
    static void start() {
        worker = new ModelWorker(new WorkerSpec(Samples.cacheDir(), logs, FINE));
        runtimes = worker.runtimes();
    }

    @AfterAll
    static void stop() {
        worker.close();
    }

    @Test
    void aModelThatCrashesOnnxRuntimeWhileLoadingCostsTheWorkerAndTheNextModelLoadsInANewOne() throws Exception {
        Path crashing = CrashingModels.divisionByZeroWhileLoading(models);
        long before = crashReports(logs).size();

        assertThatThrownBy(() -> open(crashing).close())
                .isInstanceOf(NativeCrashException.class)
                .hasMessage("ONNX Runtime crashed while loading div-by-zero-load.onnx (SIGFPE); " + FINE);

        assertThat(crashReports(logs)).hasSize((int) before + 1);
        assertTheSampleModelRuns();
    }

    @Test
    void aModelThatCrashesOnnxRuntimeAtItsFirstRunIsReportedAsRunningIt() throws Exception {
        try (InferenceSession session = open(CrashingModels.divisionByZeroWhileRunning(models))) {
            assertThatThrownBy(() -> session.run(new FloatTensor(new float[4], new long[] {1, 4})))
                    .isInstanceOf(NativeCrashException.class)
                    .hasMessage("ONNX Runtime crashed while running div-by-zero-run.onnx (SIGFPE); " + FINE);
            // The session's worker is gone; using it again says so rather than hanging or starting another.
            assertThatThrownBy(() -> session.run(new FloatTensor(new float[4], new long[] {1, 4})))
                    .isInstanceOf(NativeCrashException.class)
                    .hasMessageContaining("crashed while running div-by-zero-run.onnx");
        }
        assertTheSampleModelRuns();
    }

    @Test
    void sessionsOfOtherModelsInTheCrashedWorkerFailInOneLineToo() throws Exception {
        try (InferenceSession cnn = open(Samples.cnn())) {
            assertThatThrownBy(() -> open(CrashingModels.divisionByZeroWhileLoading(models)))
                    .isInstanceOf(NativeCrashException.class);
            assertThatThrownBy(() -> cnn.run(zeros(cnn)))
                    .isInstanceOf(NativeCrashException.class)
                    .hasMessage("ONNX Runtime crashed while loading div-by-zero-load.onnx (SIGFPE); " + FINE);
        }
        assertTheSampleModelRuns();
    }

    @Test
    void aConvWithZeroStridesIsRefusedBeforeTheWorkerLoadsIt() throws Exception {
        Path conv = CrashingModels.convWithZeroStrides(models);
        long before = crashReports(logs).size();

        assertThatThrownBy(() -> open(conv))
                .isInstanceOf(InferenceException.class)
                .isNotInstanceOf(NativeCrashException.class)
                .hasMessage("conv-zero-strides.onnx: node 'conv1' (Conv) has strides [0, 0]; strides must be 1 or more");
        assertThat(crashReports(logs)).hasSize((int) before);
    }

    @Test
    void aTimingRunsWhereTheModelLivesAndHandsBackEveryLatency() throws Exception {
        try (InferenceSession cnn = open(Samples.cnn())) {
            List<Long> heard = new ArrayList<>();
            Timing timing = cnn.time(zeros(cnn), new TimingPlan(3, 200, 0), (i, nanos) -> heard.add(nanos),
                    Progress.NONE);

            assertThat(timing.samplesNanos()).hasSize(200);
            assertThat(Arrays.stream(timing.samplesNanos()).min().orElseThrow()).isPositive();
            assertThat(heard).containsExactlyElementsOf(Arrays.stream(timing.samplesNanos()).boxed().toList());
            assertThat(timing.peakRssBytes()).isPositive();
            assertThat(cnn.loadMillis()).isPresent();
            assertThat(cnn.loadMillis().getAsDouble()).isPositive();
        }
    }

    @Test
    void theWorkerRunsInTheLogFolderSoNoCrashReportLandsWhereThisProcessRuns() throws Exception {
        Path here = Path.of("").toAbsolutePath();
        long before = crashReports(here).size();
        assertThatThrownBy(() -> open(CrashingModels.divisionByZeroWhileLoading(models)))
                .isInstanceOf(NativeCrashException.class);
        assertThat(crashReports(here)).hasSize((int) before);
        assertThat(crashReports(logs)).isNotEmpty();
    }

    private static InferenceSession open(Path model) throws InferenceException {
        return runtimes.open(model, ModelFormat.ONNX, Optional.empty(), SessionOptions.DEFAULT);
    }

    private static void assertTheSampleModelRuns() throws InferenceException {
        try (InferenceSession cnn = open(Samples.cnn())) {
            assertThat(cnn.run(zeros(cnn)).shape()).containsExactly(1, 10);
        }
    }

    private static FloatTensor zeros(InferenceSession session) {
        long[] shape = session.inputs().get(0).shape().stream().mapToLong(d -> Math.max(1, d.size())).toArray();
        return new FloatTensor(new float[(int) FloatTensor.elementCount(shape)], shape);
    }

    static List<Path> crashReports(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList();
        }
    }
}
