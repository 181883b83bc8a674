package dev.lathe.views.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.export.runtimes.RuntimeChoice;
import dev.lathe.engine.runtime.executorch.ExecuTorchRuntime;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.support.InlineTaskRunner;
import dev.lathe.views.support.RecordingErrors;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compare's runtime dimension over real exports and real runs: the sample model measured in each ticked runtime on
 * this computer, a row per runtime, and one line where this computer lacks a runtime.
 */
class CompareRuntimesTest {
    private static final BenchConfig FEW = new BenchConfig(1, 5, 0, 1, 1, Optional.empty());
    private static final int FIDELITY_INPUTS = 10;
    @TempDir
    Path tmp;
    private final InlineTaskRunner tasks = new InlineTaskRunner();
    private final RecordingErrors errors = new RecordingErrors();

    /** Models run in this process here: ONNX Runtime only, so this computer has no ExecuTorch runner to offer. */
    @Test
    void aRuntimeThisComputerLacksGivesItsRowOneLineAndTheRestIsMeasured() throws Exception {
        try (TestEngine engine = TestEngine.open(tmp.resolve("lathe.db"))) {
            CompareViewModel viewModel = new CompareViewModel(engine.workbench(), tasks, errors, Optional.empty());
            ModelRecord model = engine.workbench().open(TestModels.model(tmp));
            viewModel.setModel(model);
            CompareRuntimes runtimes = viewModel.runtimes();
            runtimes.measureWith(FEW, FIDELITY_INPUTS);
            assertThat(runtimes.runtimes()).as("the default").containsExactly(RuntimeChoice.ONNX_RUNTIME);
            assertThat(runtimes.deviceChoices()).extracting(RuntimeDevice::name).containsExactly("This computer");
            runtimes.setRuntime(RuntimeChoice.EXECUTORCH_XNNPACK, true);

            viewModel.measureInRuntimes();

            assertThat(errors.reported()).isEmpty();
            assertThat(runtimes.beyondOnnx()).isTrue();
            assertThat(runtimes.rows()).extracting(RuntimeRow::runtime)
                    .containsExactly(RuntimeChoice.ONNX_RUNTIME, RuntimeChoice.EXECUTORCH_XNNPACK);
            RuntimeRow onnx = runtimes.rows().get(0);
            RuntimeRow pte = runtimes.rows().get(1);
            assertThat(onnx.p50Ms()).isPresent();
            assertThat(onnx.problem()).isEmpty();
            assertThat(onnx.fileBytes()).isEqualTo(model.fileBytes());
            assertThat(pte.run()).isEmpty();
            String stem = model.name().replaceFirst("\\.onnx$", "");
            assertThat(pte.problem()).hasValueSatisfying(line -> assertThat(line)
                    .startsWith(engine.workbench().thisComputer().name() + " has no ExecuTorch runner for " + stem
                            + ".pte; see native/executorch-runner/README.md").doesNotContain("\n"));
            assertThat(runtimes.rows()).noneMatch(RuntimeRow::sweetSpot);
            assertThat(viewModel.runState().statusProperty().get()).isEqualTo("Measured 1 model in 2 runtimes on 1 "
                    + "device; 1 did not run: its line says why");
            assertThat(engine.workbench().runsInRuntimes(model)).hasSize(1);

            runtimes.setRuntime(RuntimeChoice.EXECUTORCH_XNNPACK, false);
            assertThat(runtimes.rows()).extracting(RuntimeRow::runtime).containsExactly(RuntimeChoice.ONNX_RUNTIME);
            assertThat(runtimes.beyondOnnx()).isFalse();
        }
    }

    /**
     * As in the app: a model worker, and ExecuTorch's runner where the build made one. Portable kernels are left out
     * here: seconds an image on a loaded CPU, and the same path as XNNPACK's program but for the delegate.
     */
    @Test
    void oneModelInEveryRuntimeOfThisComputerWithItsSweetSpotMarked() throws Exception {
        boolean executorch = ExecuTorchRuntime.installed("fine").isPresent();
        try (TestEngine engine = TestEngine.withModelWorker(tmp.resolve("lathe.db"),
                Files.createDirectories(tmp.resolve("logs")))) {
            CompareViewModel viewModel = new CompareViewModel(engine.workbench(), tasks, errors, Optional.empty());
            ModelRecord model = engine.workbench().open(TestModels.model(tmp));
            viewModel.setModel(model);
            CompareRuntimes runtimes = viewModel.runtimes();
            runtimes.measureWith(FEW, FIDELITY_INPUTS);
            List<RuntimeChoice> ticked = List.of(RuntimeChoice.ONNX_RUNTIME, RuntimeChoice.EXECUTORCH_XNNPACK,
                    RuntimeChoice.LIBTORCH);
            ticked.forEach(choice -> runtimes.setRuntime(choice, true));

            viewModel.measureInRuntimes();

            assertThat(errors.reported()).isEmpty();
            assertThat(runtimes.rows()).extracting(RuntimeRow::runtime).containsExactlyElementsOf(ticked);
            List<RuntimeRow> ran = new ArrayList<>();
            for (RuntimeRow row : runtimes.rows()) {
                boolean runsHere = executorch || row.runtime().target() != RuntimeChoice.EXECUTORCH_XNNPACK.target();
                assertThat(row.run().isPresent()).as(row.runtime() + " ran").isEqualTo(runsHere);
                assertThat(row.problem().isPresent()).as(row.runtime() + " has a line").isEqualTo(!runsHere);
                if (row.runtime() != RuntimeChoice.ONNX_RUNTIME && runsHere) {
                    Path file = row.run().get().ranAs().path();
                    assertThat(row.fileName()).isEqualTo(file.getFileName().toString()).endsWith(
                            row.runtime() == RuntimeChoice.LIBTORCH ? ".pt" : ".pte");
                    assertThat(row.fileBytes()).isEqualTo(Files.size(file));
                    assertThat(row.fidelity()).as(row.runtime() + " against the parent")
                            .hasValueSatisfying(f -> assertThat(f.samples()).isEqualTo(FIDELITY_INPUTS));
                    assertThat(row.loadMillis()).isPresent();
                }
                if (runsHere) {
                    ran.add(row);
                }
            }
            RuntimeRow fastest = ran.stream().filter(RuntimeRow::keepsAnswers)
                    .min(Comparator.comparing(r -> r.p50Ms().get())).orElseThrow();
            assertThat(runtimes.rows()).filteredOn(RuntimeRow::sweetSpot).containsExactly(fastest);
            assertThat(engine.workbench().runsInRuntimes(model)).hasSize(ran.size());
        }
    }
}
