package dev.lathe.views.main;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.variant.OptimizeRequest;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.ViewServices;
import dev.lathe.views.export.ExportViewModel;
import dev.lathe.views.common.Figure;
import dev.lathe.views.common.RecentFiles;
import dev.lathe.views.support.InlineTaskRunner;
import dev.lathe.views.support.RecordingErrors;
import dev.lathe.views.support.TestDevices;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.testfx.api.FxToolkit;
import dev.lathe.engine.device.directory.AgentDirectory;
import dev.lathe.views.support.TestDevices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's logic without a screen: listing, opening, selecting, recent files, errors. */
class MainViewModelTest {
    @TempDir
    Path tmp;
    private TestEngine engine;
    private final RecordingErrors errors = new RecordingErrors();
    private AgentDirectory devices;

    @BeforeAll
    static void toolkit() throws Exception {
        // The Devices list moves the directory's changes onto the FX thread.
        FxToolkit.registerPrimaryStage();
    }
    private MainViewModel viewModel;
    private Path model;

    @BeforeEach
    void setUp() throws Exception {
        devices = TestDevices.none(tmp);
        engine = TestEngine.open(tmp.resolve("lathe.db"), devices);
        model = TestModels.model(tmp);
        viewModel = newViewModel();
    }

    private MainViewModel newViewModel() {
        ViewServices services = new ViewServices(engine.workbench(), new InlineTaskRunner(), Optional.of(model),
                Optional.of(TestModels.dataset()), Optional.of(TestModels.dataset()), new RecentFiles(tmp.resolve("recent.properties")), errors);
        return new MainViewModel(services, (m, p) -> Optional.empty());
    }

    @AfterEach
    void tearDown() {
        devices.close();
        engine.close();
    }

    @Test
    void anEmptyStoreIsAFirstRunAndThisComputerIsDescribed() {
        assertThat(viewModel.firstRunProperty().get()).as("not before the store was read").isFalse();
        viewModel.start();
        assertThat(viewModel.firstRunProperty().get()).isTrue();
        assertThat(viewModel.deviceProperty().get()).contains(" cores, ").contains("ONNX Runtime");
    }

    @Test
    void openingTheSampleSelectsItShowsItAndRemembersIt() {
        viewModel.start();
        viewModel.openSample();
        assertThat(errors.reported()).isEmpty();
        assertThat(viewModel.firstRunProperty().get()).isFalse();
        assertThat(viewModel.models()).hasSize(1);
        assertThat(viewModel.selectedProperty().get().path()).isEqualTo(model.toAbsolutePath());
        assertThat(viewModel.model().card()).extracting(Figure::name).contains("Parameters", "Inputs", "Outputs");
        assertThat(viewModel.recent()).containsExactly(model.toAbsolutePath().normalize());
        assertThat(viewModel.evaluate().modelProperty().get()).isNotNull();
        assertThat(viewModel.benchmark().modelProperty().get()).isNotNull();
    }

    @Test
    void aBadFileIsReportedWithItsNameAndChangesNothing() throws Exception {
        viewModel.start();
        Path bad = Files.writeString(tmp.resolve("bad.onnx"), "not a model");
        viewModel.open(bad);
        assertThat(errors.reported()).singleElement().isInstanceOf(ModelFormatException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("bad.onnx: "));
        assertThat(viewModel.models()).isEmpty();
        assertThat(viewModel.recent()).isEmpty();
        assertThat(viewModel.selectedProperty().get()).isNull();
    }

    @Test
    void aNewSessionListsTheStoreAndTheRecentFiles() {
        viewModel.start();
        viewModel.open(model);
        MainViewModel next = newViewModel();
        next.start();
        assertThat(next.models()).hasSize(1);
        assertThat(next.recent()).hasSize(1);
        assertThat(next.firstRunProperty().get()).isFalse();
        assertThat(next.selectedProperty().get()).isNull();
    }

    @Test
    void aVariantIsExportedWithItsProvenanceAndCardAndTheStatusSaysWhere() throws Exception {
        viewModel.start();
        viewModel.open(model);
        assertThat(viewModel.canExportProperty().get()).as("any model in the store can be exported").isTrue();
        ModelRecord parent = viewModel.selectedProperty().get();
        Recipe dynamic = new RecipeParser().parse("r.yaml", "lathe: 1\nname: dyn\nsteps:\n  - quantize: { mode: dynamic }\n");
        ModelRecord variant = engine.workbench().optimize(parent, OptimizeRequest.of(dynamic),
                Progress.NONE).get(0).model();
        viewModel.select(variant);
        Path out = tmp.resolve("export");

        ExportViewModel export = viewModel.exportSelected().orElseThrow();
        export.folderProperty().set(out.toString());
        export.export();

        assertThat(export.problemProperty().get()).isEmpty();
        assertThat(out.resolve(variant.name())).hasSameBinaryContentAs(variant.path());
        String stem = variant.name().substring(0, variant.name().lastIndexOf('.'));
        assertThat(out.resolve(stem + ".provenance.json")).content().contains("\"mode\" : \"dynamic\"");
        assertThat(out.resolve(stem + ".model-card.md")).exists();
        assertThat(export.written()).containsExactly(out.resolve(variant.name()), out.resolve(stem + ".provenance.json"),
                out.resolve(stem + ".model-card.md"));
        assertThat(viewModel.noticeProperty().get()).isEqualTo("Exported " + variant.name()
                + ", " + stem + ".provenance.json, " + stem + ".model-card.md to " + out);
    }

    @Test
    void nothingSelectedHasNothingToExport() {
        viewModel.start();
        assertThat(viewModel.canExportProperty().get()).isFalse();
        assertThat(viewModel.exportSelected()).isEmpty();
    }

    @Test
    void reportingOnTheSelectedModelWritesItsFamilysReportAndSaysWhere() throws Exception {
        viewModel.start();
        viewModel.openSample();
        Path out = tmp.resolve("report");

        assertThat(viewModel.reportSelected(out)).isTrue();

        assertThat(errors.reported()).isEmpty();
        assertThat(out.resolve("report.html")).content().contains(model.getFileName().toString(),
                "Nothing has been measured");
        assertThat(out.resolve("report.json")).exists();
        assertThat(out.resolve("variants.csv")).exists();
        assertThat(viewModel.noticeProperty().get()).startsWith("Report of " + model.getFileName()
                + "'s family written to " + out + ": report.html, report.json, variants.csv");
    }

    @Test
    void nothingSelectedHasNothingToReportOn() {
        viewModel.start();
        assertThat(viewModel.reportSelected(tmp.resolve("report"))).isFalse();
        assertThat(tmp.resolve("report")).doesNotExist();
    }
}
