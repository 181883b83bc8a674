package dev.lathe.engine.export.runtimes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.export.pte.PteDelegate;
import dev.lathe.engine.runtime.executorch.ExecuTorchRuntime;
import dev.lathe.engine.runtime.worker.ModelWorker;
import dev.lathe.engine.runtime.worker.WorkerSpec;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.RuntimeCopyLink;
import dev.lathe.engine.store.RuntimeRun;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.task.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One model in every runtime this computer has: each copy's runs stored against the copy, and the store's link from
 * copy to source reads them back as the model's runs, per runtime and device.
 */
class RuntimeRunsTest {
    private static final BenchConfig FEW = new BenchConfig(1, 5, 0, 1, 1, Optional.empty());
    @TempDir
    Path tmp;

    @Test
    void aModelsRunsInEveryRuntimeAreReadBackThroughTheLinkFromEachCopyToIt() throws Exception {
        boolean executorch = ExecuTorchRuntime.installed("fine").isPresent();
        try (ModelWorker worker = new ModelWorker(new WorkerSpec(Samples.cacheDir(),
                Files.createDirectories(tmp.resolve("logs")), "the test is fine"));
             ExperimentStore store = ExperimentStore.open(tmp.resolve("lathe.db"));
             Workbench workbench = Workbench.builder().store(store).runtimes(worker.runtimes())
                     .torchScript(worker::inspectTorchScript).cacheDir(Samples.cacheDir()).build()) {
            ModelRecord cnn = workbench.open(Samples.cnn());
            StoredBenchmark own = workbench.benchmark(cnn, FEW, SampleListener.NONE, Progress.NONE);
            List<RuntimeChoice> choices = new ArrayList<>(List.of(RuntimeChoice.LIBTORCH));
            if (executorch) {
                choices.add(RuntimeChoice.EXECUTORCH_XNNPACK);
            }
            List<StoredBenchmark> copies = new ArrayList<>();
            for (RuntimeChoice choice : choices) {
                RuntimeCopies.Opened opened = workbench.inRuntime(cnn, choice.target(), choice.delegateOrDefault(),
                        Optional.empty());
                assertThat(opened.copy().exportedNow()).isTrue();
                copies.add(workbench.benchmark(opened.model(), FEW, SampleListener.NONE, Progress.NONE));
            }
            RuntimeCopies.Opened again = workbench.inRuntime(cnn, RuntimeTarget.LIBTORCH, PteDelegate.XNNPACK,
                    Optional.empty());

            assertThat(again.copy().exportedNow()).as("kept from before").isFalse();
            assertThat(workbench.runtimeCopySource(again.model())).contains(new RuntimeCopyLink(
                    again.model().sha256(), cnn.sha256(), "libtorch", Optional.empty()));
            assertThat(workbench.runtimeCopySource(cnn)).isEmpty();
            List<RuntimeRun> runs = workbench.runsInRuntimes(cnn);
            assertThat(runs).extracting(r -> RuntimeChoice.of(r.runtime(), r.delegate()).orElseThrow())
                    .containsExactlyElementsOf(concat(RuntimeChoice.ONNX_RUNTIME, choices));
            assertThat(runs.get(0).run().id()).isEqualTo(own.id());
            assertThat(runs.get(0).ranAs().sha256()).isEqualTo(cnn.sha256());
            for (int i = 0; i < copies.size(); i++) {
                RuntimeRun run = runs.get(i + 1);
                assertThat(run.run().id()).isEqualTo(copies.get(i).id());
                assertThat(run.ranAs().sha256()).isEqualTo(copies.get(i).modelSha256()).isNotEqualTo(cnn.sha256());
                assertThat(run.fileBytes()).isEqualTo(Files.size(run.ranAs().path()));
                assertThat(run.deviceId()).isEqualTo(workbench.thisComputer().id());
                assertThat(run.p99Ms()).isGreaterThanOrEqualTo(run.p50Ms()).isPositive();
                assertThat(run.loadMillis()).isPositive();
            }
            assertThat(runs).filteredOn(r -> r.delegate().isPresent())
                    .allSatisfy(r -> assertThat(r.delegate()).contains("xnnpack"));
        }
    }

    private static List<RuntimeChoice> concat(RuntimeChoice first, List<RuntimeChoice> rest) {
        List<RuntimeChoice> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
