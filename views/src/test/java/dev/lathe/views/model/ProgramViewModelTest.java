package dev.lathe.views.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.export.pte.PteDelegate;
import dev.lathe.engine.files.Overwrite;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.common.Figure;
import dev.lathe.views.support.InlineTaskRunner;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Model tab's program sections, without a screen: a real program exported and opened, read inline. */
class ProgramViewModelTest {
    @TempDir
    Path tmp;
    private TestEngine engine;
    private ModelViewModel viewModel;
    private ModelRecord onnx;

    @BeforeEach
    void setUp() throws Exception {
        engine = TestEngine.open(tmp.resolve("lathe.db"));
        viewModel = new ModelViewModel(engine.workbench(), new InlineTaskRunner());
        onnx = engine.workbench().open(TestModels.model(tmp));
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void aPortableProgramShowsItsSchemaMethodConstantsArenasAndKernelsByFullName() throws Exception {
        Path pte = engine.workbench().exportPte(onnx, tmp.resolve("out"), Optional.empty(), PteDelegate.NONE,
                Overwrite.REFUSE).pte();
        ModelRecord program = engine.workbench().open(pte);

        viewModel.show(program);

        ProgramViewModel p = viewModel.program();
        assertThat(p.programProperty().get()).isTrue();
        assertThat(p.statusProperty().get()).isEmpty();
        assertThat(p.figures()).extracting(Figure::name)
                .containsExactly("Schema", "Method", "Constants", "Planned memory", "Segments");
        assertThat(p.figures().get(0).value()).isEqualTo("ET12 with the eh00 extended header");
        assertThat(p.figures().get(2).value()).endsWith("(" + dev.lathe.views.common.Formats.count(
                program.summary().parameters()) + " parameters)");
        assertThat(p.delegates()).isEmpty();
        assertThat(p.operators()).isNotEmpty().allSatisfy(o -> {
            assertThat(o.method()).isEqualTo("forward");
            assertThat(o.operator()).contains("::").endsWith(".out");
        });
        assertThat(p.operators()).extracting(ProgramViewModel.OperatorRow::calls).isSortedAccordingTo(
                java.util.Comparator.reverseOrder());
        assertThat(viewModel.layersTitleProperty().get()).isEqualTo("Calls and the constants they read");
        assertThat(viewModel.card()).extracting(Figure::name).doesNotContain("Producer").contains("Format");
    }

    @Test
    void anOnnxModelShowsNoProgramSectionsAndAProgramWhoseFileChangedSaysSo() throws Exception {
        viewModel.show(onnx);
        assertThat(viewModel.program().programProperty().get()).isFalse();
        assertThat(viewModel.program().figures()).isEmpty();
        assertThat(viewModel.layersTitleProperty().get()).isEqualTo("Layers and their weights");

        Path pte = engine.workbench().exportPte(onnx, tmp.resolve("out"), Optional.empty(), PteDelegate.XNNPACK,
                Overwrite.REFUSE).pte();
        ModelRecord program = engine.workbench().open(pte);
        Files.write(pte, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        viewModel.show(program);
        assertThat(viewModel.program().programProperty().get()).isTrue();
        assertThat(viewModel.program().statusProperty().get()).contains("has changed since it was opened");
        assertThat(viewModel.program().figures()).isEmpty();
    }
}
