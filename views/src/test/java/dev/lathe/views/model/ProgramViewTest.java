package dev.lathe.views.model;

import static dev.lathe.views.support.Gui.await;
import static dev.lathe.views.support.Gui.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.export.pte.PteDelegate;
import dev.lathe.engine.files.Overwrite;
import dev.lathe.engine.model.pte.PteSummary;
import dev.lathe.views.LatheWindow;
import dev.lathe.views.ViewServices;
import dev.lathe.views.common.AlertErrorSink;
import dev.lathe.views.common.RecentFiles;
import dev.lathe.views.support.TestDevices;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import dev.lathe.views.task.DaemonThreads;
import dev.lathe.views.task.FxTaskRunner;
import dev.lathe.engine.device.directory.AgentDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** An ExecuTorch program opened in the real window: the Model tab shows its sections, the runs say why not yet. */
class ProgramViewTest {
    @TempDir
    Path tmp;
    private final FxRobot robot = new FxRobot();
    private TestEngine engine;
    private ExecutorService pool;
    private AgentDirectory devices;
    private LatheWindow window;
    private Path pte;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void openWindow() throws Exception {
        devices = TestDevices.none(tmp);
        engine = TestEngine.open(tmp.resolve("lathe.db"), devices);
        pool = DaemonThreads.pool("test-task");
        Path onnx = TestModels.model(tmp);
        pte = engine.workbench().exportPte(engine.workbench().open(onnx), tmp.resolve("out"), Optional.empty(),
                PteDelegate.XNNPACK, Overwrite.REFUSE).pte();
        ViewServices services = new ViewServices(engine.workbench(), new FxTaskRunner(pool), Optional.empty(),
                Optional.of(TestModels.dataset()), Optional.of(TestModels.dataset()),
                new RecentFiles(tmp.resolve("recent.properties")), new AlertErrorSink());
        window = onFx(() -> LatheWindow.show(new Stage(), services));
    }

    @AfterEach
    void closeWindow() throws Exception {
        FxToolkit.cleanupStages();
        pool.shutdownNow();
        devices.close();
        engine.close();
    }

    @Test
    void theModelTabShowsTheProgramsSchemaMethodsOperatorsDelegatesMemoryAndSegments() throws Exception {
        PteSummary read = engine.workbench().inspectPte(pte);
        window.open(pte);
        await("the program's sections", 30, () -> lookup("#program-view") != null && lookup("#program-view")
                .isVisible() && !table("#program-delegates").getItems().isEmpty());

        assertThat(text("#model-format")).isEqualTo("ExecuTorch");
        assertThat(text("#program-schema-0")).isEqualTo("ET12 with the eh00 extended header");
        assertThat(text("#program-method-1")).startsWith("forward: 1 instructions").contains("in float [1, 1, 28, 28]");
        assertThat(onFx(() -> Arrays.stream(new String[] {"constants", "named-data", "planned-memory", "segments"})
                .allMatch(name -> lookup("#program-card").lookupAll(".figure-value").stream()
                        .anyMatch(n -> n.getId().startsWith("program-" + name))))).isTrue();
        ProgramViewModel.DelegateRow delegate = (ProgramViewModel.DelegateRow) table("#program-delegates").getItems()
                .get(0);
        assertThat(delegate.backend()).isEqualTo("XnnpackBackend");
        assertThat(delegate.bytes()).isEqualTo(read.methods().get(0).delegates().get(0).bytes());
        ProgramViewModel.OperatorRow op = (ProgramViewModel.OperatorRow) table("#program-operators").getItems().get(0);
        assertThat(op.operator()).isEqualTo("delegate:XnnpackBackend");
        assertThat(op.calls()).isEqualTo(1);
        assertThat(table("#layer-table").getItems()).hasSize(1);
    }

    @Test
    void benchmarkAndEvaluateAcceptAProgramAndOptimizeIsDisabledSayingWhatToDoInstead() throws Exception {
        window.open(pte);
        await("the program to open", 30, () -> lookup("#model-format") != null
                && text("#model-format").equals("ExecuTorch"));
        String why = pte.getFileName() + ": recipes change ONNX and TorchScript models, not ExecuTorch programs; "
                + "optimize the ONNX model the program was exported from, then export the variant";

        assertThat(onFx(() -> ((Button) lookup("#bench-run")).isDisabled())).isFalse();
        assertThat(text("#bench-problem")).isEmpty();
        assertThat(text("#eval-problem")).doesNotContain("ExecuTorch");
        assertThat(onFx(() -> ((Button) lookup("#optimize-run")).isDisabled())).isTrue();
        assertThat(text("#optimize-status")).isEqualTo(why);
    }

    @Test
    void aProgramThatCannotBeReadIsOneLineInTheWindowNotATrace() throws Exception {
        byte[] whole = Files.readAllBytes(pte);
        Path cut = Files.write(tmp.resolve("cut.pte"), Arrays.copyOf(whole, whole.length / 2));
        window.open(cut);
        await("the error dialog", 30, () -> lookup(".dialog-pane") != null);
        String shown = onFx(() -> ((Label) ((DialogPane) lookup(".dialog-pane")).getContent()).getText());
        assertThat(shown).startsWith("cut.pte: is cut short: its header says ").doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    private String text(String id) {
        return onFx(() -> ((Label) lookup(id)).getText());
    }

    private TableView<?> table(String id) {
        return onFx(() -> (TableView<?>) lookup(id));
    }

    private Node lookup(String query) {
        return window.stage().getScene().lookup(query) != null && !query.equals(".dialog-pane")
                ? window.stage().getScene().lookup(query)
                : robot.lookup(query).tryQuery().orElse(null);
    }
}
