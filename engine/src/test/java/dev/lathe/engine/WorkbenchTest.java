package dev.lathe.engine;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first real path through Lathe: open, evaluate, benchmark, and find it all again. */
class WorkbenchTest {
    @TempDir
    Path tmp;

    @Test
    void aBuilderNamesTheFirstRequiredPieceItWasNotGiven() throws Exception {
        try (ExperimentStore store = ExperimentStore.open(tmp.resolve("lathe.db"))) {
            assertThatThrownBy(() -> Workbench.builder().build()).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("A workbench needs store(ExperimentStore)");
            assertThatThrownBy(() -> Workbench.builder().store(store).runtimes(Samples.runtimes())
                    .cacheDir(Samples.cacheDir()).build()).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("A workbench needs torchScript(TorchScriptSummarizer)");
        }
    }

    @Test
    void withoutDevicesChosenThisComputerRunsInThisProcessAndIsTheOnlyOneListed() throws Exception {
        Workbench workbench = Samples.workbench(tmp.resolve("lathe.db"));

        assertThat(workbench.devices().entries()).singleElement().satisfies(e -> {
            assertThat(e.isThisComputer()).isTrue();
            assertThat(e.state()).isEqualTo(DeviceState.ONLINE);
        });
        assertThat(workbench.devices().device(DeviceDirectory.THIS_COMPUTER).describe())
                .isEqualTo(workbench.thisComputer());
        assertThatThrownBy(() -> workbench.devices().device("10.9.9.9:7443")).isInstanceOf(DeviceException.class)
                .hasMessageContaining("10.9.9.9:7443");
        assertThatThrownBy(() -> workbench.devices().pair("10.9.9.9", 7443, "TOKEN"))
                .isInstanceOf(DeviceException.class);
    }

    @Test
    void theSampleCnnReachesNinetyPercentOnAllTenThousandTestImages() throws Exception {
        Workbench workbench = Samples.workbench(tmp.resolve("lathe.db"));
        ModelRecord model = workbench.open(Samples.cnn());
        List<Long> progress = new ArrayList<>();

        StoredEvaluation e = workbench.evaluate(model, EvalRequest.of(Samples.testImages()),
                (done, total, message) -> progress.add(done));

        assertThat(e.result().samples()).isEqualTo(10_000);
        assertThat(e.result().top1()).isGreaterThanOrEqualTo(0.90);
        assertThat(e.result().top5()).hasValueSatisfying(t -> assertThat(t).isGreaterThan(e.result().top1()));
        assertThat(e.result().preprocessing()).startsWith("NCHW 1×28×28");
        assertThat(progress).isNotEmpty().isSorted();
        assertThat(e.datasetSha256()).hasSize(64);
        assertThat(e.result().classNames()).startsWith("T-shirt/top", "Trouser");
    }

    @Test
    void aBenchmarkKeepsEverySampleAndEverythingSurvivesARestart() throws Exception {
        Path db = tmp.resolve("lathe.db");
        Workbench first = Samples.workbench(db);
        ModelRecord model = first.open(Samples.cnn());
        List<Long> streamed = new ArrayList<>();
        BenchConfig config = new BenchConfig(5, 50, 0, 1, 1, Optional.empty());

        StoredBenchmark run = first.benchmark(model, config, (i, nanos) -> streamed.add(nanos), Progress.NONE);
        first.evaluate(model, EvalRequest.of(Samples.testImages()).withLimit(200), Progress.NONE);

        assertThat(run.result().samplesNanos()).hasSize(50).containsExactly(streamed.stream().mapToLong(Long::longValue).toArray());
        assertThat(run.result().stats().p50Ms()).isPositive();
        assertThat(run.result().inputShape()).containsExactly(1, 1, 28, 28);
        assertThat(run.result().device().cores()).isPositive();
        assertThat(run.result().runtime()).startsWith("ONNX Runtime");

        Workbench later = Samples.workbench(db);
        assertThat(later.models()).extracting(ModelRecord::sha256).containsExactly(model.sha256());
        assertThat(later.benchmarks(model)).singleElement()
                .satisfies(b -> assertThat(b.result().samplesNanos()).hasSize(50));
        assertThat(later.evaluations(model)).singleElement()
                .satisfies(e -> assertThat(e.result().samples()).isEqualTo(200));
    }

    @Test
    void cancellingAnEvaluationStoresNothing() throws Exception {
        Workbench workbench = Samples.workbench(tmp.resolve("lathe.db"));
        ModelRecord model = workbench.open(Samples.cnn());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                workbench.evaluate(model, EvalRequest.of(Samples.testImages()), (done, total, message) -> {
                    if (done >= 640) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.start();
        worker.join();

        assertThat(failure.get()).isInstanceOf(CancelledException.class);
        assertThat(workbench.evaluations(model)).isEmpty();
    }

    @Test
    void aModelWhoseInputDoesNotFitTheDatasetIsRefusedAndNothingIsStored() throws Exception {
        Workbench workbench = Samples.workbench(tmp.resolve("lathe.db"));
        ModelRecord model = workbench.open(Samples.cnn());
        Path csv = tmp.resolve("table.csv");
        Files.writeString(csv, "a,b,label\n1,2,0\n3,4,1\n");

        assertThatThrownBy(() -> workbench.evaluate(model, EvalRequest.of(csv), Progress.NONE))
                .isInstanceOf(LatheException.class)
                .hasMessage("cnn.onnx: input 'input' expects 1×28×28 float, the dataset gives rows of 2 features");
        assertThat(workbench.evaluations(model)).isEmpty();
    }

    @Test
    void aModelFileChangedSinceOpeningIsNotMeasuredUnderItsOldHash() throws Exception {
        Path copy = tmp.resolve("cnn.onnx");
        Files.copy(Samples.cnn(), copy);
        Workbench workbench = Samples.workbench(tmp.resolve("lathe.db"));
        ModelRecord model = workbench.open(copy);
        Files.write(copy, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> workbench.benchmark(model, BenchConfig.DEFAULT, (i, n) -> { }, Progress.NONE))
                .hasMessageContaining("has changed since it was opened");
    }
}
