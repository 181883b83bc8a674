package dev.lathe.engine.model.pte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.export.pte.OnnxToPte;
import dev.lathe.engine.export.pte.PteExport;
import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.LayerInfo;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.SessionOptions;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.variant.OptimizeRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ExecuTorch programs open like any model (read, stored, summarised); where no ExecuTorch runner is installed every
 * run is refused in one line naming what is missing, and recipes refuse them everywhere.
 */
class ProgramsInTheStoreTest {
    private static final String NO_RUNNER = "this device has no ExecuTorch runner (lathe-et-runner); see "
            + "native/executorch-runner/README.md to build it";
    private static final String NO_RECIPES = "recipes change ONNX and TorchScript models, not ExecuTorch programs; "
            + "optimize the ONNX model the program was exported from, then export the variant";

    @TempDir
    Path tmp;
    private PteExport export;
    private Path pte;

    @BeforeEach
    void exportTheSampleCnn() throws Exception {
        export = OnnxToPte.export(OnnxModel.read(Samples.cnn()), "cnn.onnx", Optional.empty());
        pte = Files.write(tmp.resolve("cnn.pte"), export.bytes());
    }

    @Test
    void aProgramIsKnownByItsIdentifierWhateverItsName() throws Exception {
        Path renamed = Files.write(tmp.resolve("cnn.bin"), export.bytes());
        Path fake = Files.writeString(tmp.resolve("fake.pte"), "not a program at all", StandardCharsets.UTF_8);

        assertThat(ModelFormat.detect(pte)).isEqualTo(ModelFormat.PTE);
        assertThat(ModelFormat.detect(renamed)).isEqualTo(ModelFormat.PTE);
        assertThat(ModelFormat.detect(Samples.cnn())).isEqualTo(ModelFormat.ONNX);
        assertThatThrownBy(() -> ModelFormat.detect(fake)).isInstanceOf(ModelFormatException.class)
                .hasMessage("fake.pte: is not an ExecuTorch program: bytes 4 to 8 hold no ETnn identifier (a .pte "
                        + "written by ExecuTorch's exporter or lathe export has ET12 there)");
    }

    @Test
    void anOpenedProgramIsStoredWithItsInterfaceCallsAndConstantsAndSurvivesARestart() throws Exception {
        Path db = tmp.resolve("lathe.db");
        ModelSummary onnx = Samples.workbench(tmp.resolve("onnx.db")).inspect(Samples.cnn());

        ModelRecord opened = Samples.workbench(db).open(pte);

        ModelSummary s = opened.summary();
        assertThat(opened.format()).isEqualTo(ModelFormat.PTE);
        assertThat(s.format().displayName()).isEqualTo("ExecuTorch");
        assertThat(s.inputs()).containsExactly(new TensorInfo("input 0", ElementType.FLOAT,
                List.of(Dim.fixed(1), Dim.fixed(1), Dim.fixed(28), Dim.fixed(28))));
        assertThat(s.outputs()).containsExactly(new TensorInfo("output 0", ElementType.FLOAT,
                List.of(Dim.fixed(1), Dim.fixed(10))));
        assertThat(s.ops()).isEqualTo(export.operatorCounts());
        assertThat(s.layers()).hasSize(export.operatorCounts().values().stream().mapToInt(Integer::intValue).sum());
        assertThat(s.layers().get(0).op()).isEqualTo("aten::convolution.out");
        assertThat(s.parameters()).isEqualTo(onnx.parameters());
        assertThat(s.layers().stream().mapToLong(LayerInfo::parameters).sum()).isEqualTo(s.parameters());
        assertThat(s.weightBytes()).isEqualTo(PteReader.read(pte).constantBytes());
        assertThat(s.metadata()).containsEntry("schema", "ET12").containsEntry("methods", "forward");

        ModelRecord again = Samples.workbench(db).models().stream().filter(m -> m.sha256().equals(opened.sha256()))
                .findFirst().orElseThrow();
        assertThat(again.format()).isEqualTo(ModelFormat.PTE);
        assertThat(again.summary()).isEqualTo(s);
    }

    @Test
    void theStoredProgramsTableOfContentsIsReadFromItsFile() throws Exception {
        Workbench workbench = Samples.workbench(tmp.resolve("lathe.db"));
        ModelRecord program = workbench.open(pte);
        ModelRecord onnx = workbench.open(Samples.cnn());

        assertThat(workbench.inspectPte(program)).isEqualTo(PteReader.read(pte));
        assertThatThrownBy(() -> workbench.inspectPte(onnx)).isInstanceOf(ModelFormatException.class)
                .hasMessage("cnn.onnx: is no ExecuTorch program (its format is ONNX)");
        Files.write(pte, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> workbench.inspectPte(program)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("has changed since it was opened");
    }

    @Test
    void whereNoRunnerIsInstalledEveryRunOfAProgramIsRefusedInOneLineAndNothingIsStored() throws Exception {
        // Samples.workbench runs models in this process, whose runtimes include no ExecuTorch runner.
        Workbench workbench = Samples.workbench(tmp.resolve("lathe.db"));
        ModelRecord program = workbench.open(pte);
        ModelRecord onnx = workbench.open(Samples.cnn());
        String refused = "cnn.pte: " + NO_RUNNER;

        assertThatThrownBy(() -> workbench.benchmark(program, new BenchConfig(1, 5, 0, 1, 1, Optional.empty()),
                SampleListener.NONE, Progress.NONE)).isInstanceOf(InferenceException.class).hasMessage(refused);
        assertThatThrownBy(() -> workbench.evaluate(program, EvalRequest.of(Samples.testImages()), Progress.NONE))
                .isInstanceOf(InferenceException.class).hasMessage(refused);
        assertThatThrownBy(() -> workbench.fidelity(onnx, program, Optional.empty(), 4, Progress.NONE))
                .isInstanceOf(InferenceException.class).hasMessage(refused);
        assertThat(workbench.benchmarks(program)).isEmpty();
        assertThat(workbench.evaluations(program)).isEmpty();
    }

    @Test
    void recipesRefuseAProgramInOneLineSayingWhatToDoInstead() throws Exception {
        Workbench workbench = Samples.workbench(tmp.resolve("lathe.db"));
        ModelRecord program = workbench.open(pte);
        String refused = "cnn.pte: " + NO_RECIPES;
        OptimizeRequest fp16 = OptimizeRequest.of(new RecipeParser().parse("r.yaml", """
                lathe: 1
                name: fp16
                steps:
                  - convert: { precision: fp16 }
                """));
        assertThatThrownBy(() -> workbench.optimize(program, fp16, Progress.NONE))
                .isInstanceOf(ModelFormatException.class).hasMessage(refused);
        assertThatThrownBy(() -> workbench.variantNames(pte, fp16.recipe()))
                .isInstanceOf(ModelFormatException.class).hasMessage(refused);
        assertThat(workbench.variants(program)).isEmpty();
    }

    @Test
    void theRuntimeRegistryRefusesAProgramWithTheSameWords() {
        ModelHandle handle = new ModelHandle(pte, ModelFormat.PTE, Optional.empty());

        assertThatThrownBy(() -> Samples.runtimes().open(handle, SessionOptions.DEFAULT))
                .isInstanceOf(InferenceException.class).hasMessage("cnn.pte: " + NO_RUNNER);
    }
}
