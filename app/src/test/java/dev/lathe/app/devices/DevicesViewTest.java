package dev.lathe.app.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.app.AppContext;
import dev.lathe.app.LathePaths;
import dev.lathe.engine.device.Devices;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.device.remote.PairedAgents;
import dev.lathe.views.LatheWindow;
import dev.lathe.views.ViewServices;
import dev.lathe.views.task.DaemonThreads;
import dev.lathe.views.wall.DevicePanel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * End to end, as the desktop app is assembled: this computer's child agent comes online in the sidebar, a second agent
 * process is paired from the Add device dialog, and one benchmark on the board wall runs on both, filling both panels.
 * Runs on this computer from the Benchmark tab and from the wall go to the child agent alike, so they are stored
 * under one fingerprint, the one the child describes, apart from the board's.
 */
class DevicesViewTest {
    @TempDir
    Path tmp;
    private final FxRobot robot = new FxRobot();
    private ExecutorService pool;
    private Devices directory;
    private LatheWindow window;
    private AppContext context;
    private CompletableFuture<AgentProcess> board;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        if (board != null) {
            board.get(60, TimeUnit.SECONDS).kill();
        }
        if (context != null) {
            context.close();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void pairABoardThenBenchmarkOnTheChildAgentAndTheBoardSideBySide() throws Exception {
        board = CompletableFuture.supplyAsync(() -> {
            try {
                return AgentProcess.start(tmp.resolve("board"), 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        LathePaths paths = new LathePaths(tmp.resolve("data"), tmp.resolve("cache"));
        context = AppContext.forWindow(paths, false);
        directory = context.workbench().devices();
        pool = DaemonThreads.pool("test-task");
        ViewServices services = ViewServices.standard(context.workbench(), pool, Optional.empty(), Optional.empty(),
                Optional.empty(), paths.dataDir().resolve("recent.properties"));
        window = WaitForAsyncUtils.asyncFx(() -> LatheWindow.show(new Stage(), services)).get(60, TimeUnit.SECONDS);

        await("this computer listed", 10, () -> lookup("#device-local") != null);
        await("this computer online", 90, () -> text("#device-local .device-badge").equals("online"));
        assertThat(onFx(() -> text("#device-local .device-name"))).isEqualTo("This computer");
        assertThat(onFx(() -> text("#device-local .device-address"))).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(onFx(() -> text("#device-local .device-hardware"))).contains("cores").contains("bf16");
        assertThat(onFx(() -> text("#device-local .device-runtimes"))).startsWith("ONNX Runtime ")
                .contains(" · libtorch ").doesNotContain("(PyTorch)");
        await("the status bar", 10, () -> text("#status-devices").equals("This computer: ready"));

        AgentProcess agent = board.get(60, TimeUnit.SECONDS);
        robot.clickOn("#add-device");
        await("the dialog", 10, () -> lookup("#pair-address") != null);
        robot.clickOn("#pair-address").write("no-port-here");
        robot.clickOn("#pair-token").write(agent.token);
        robot.clickOn("#pair-confirm");
        await("the address complaint", 10, () -> text("#pair-outcome").contains("is not HOST:PORT"));
        onFx(() -> {
            ((TextField) lookup("#pair-address")).setText("127.0.0.1:1");
            return null;
        });
        robot.clickOn("#pair-confirm");
        // Nothing listens on port 1: one plain sentence, shown whole (the dialog grows to its lines).
        await("the sentence for an address where nothing answers, shown whole", 20, () -> {
            Label said = (Label) lookup("#pair-outcome");
            return said.getText().startsWith("Nothing answered at 127.0.0.1:1. Start the Lathe agent")
                    && said.getHeight() + 0.5 >= said.prefHeight(said.getWidth());
        });
        assertThat(onFx(() -> text("#pair-outcome"))).doesNotContain("io exception");
        onFx(() -> {
            ((TextField) lookup("#pair-address")).setText("127.0.0.1:" + agent.port);
            return null;
        });
        robot.clickOn("#pair-confirm");
        await("the pairing", 30, () -> text("#pair-outcome").startsWith("Paired with"));
        assertThat(onFx(() -> text("#pair-outcome").replace(":", ""))).containsIgnoringCase(
                agent.fingerprint.replace(":", ""));
        String cell = "#device-127-0-0-1-" + agent.port;
        await("the board listed online", 20, () -> lookup(cell) != null
                && text(cell + " .device-badge").equals("online"));
        assertThat(new PairedAgents(paths.devicesFile()).find("127.0.0.1:" + agent.port)).isPresent();

        robot.clickOn(onFx(() -> ((DialogPane) lookup("#pair-dialog")).lookupButton(ButtonType.CLOSE)));
        await("the dialog to close", 10, () -> lookup("#pair-dialog") == null);

        Path model = Files.copy(Entries.sampleCnn(), tmp.resolve("cnn.onnx"));
        onFx(() -> {
            window.open(model);
            return null;
        });
        await("the model's tabs", 60, () -> lookup("#model-tabs") != null && lookup("#model-tabs").isVisible());
        onFx(() -> {
            ((TabPane) lookup("#model-tabs")).getSelectionModel().select(2);
            this.<Integer>spinner("#bench-warmup").getValueFactory().setValue(5);
            this.<Integer>spinner("#bench-iterations").getValueFactory().setValue(100);
            return null;
        });
        robot.clickOn("#bench-run");
        await("the Benchmark tab's run", 60, () -> ((TableView<?>) lookup("#bench-history")).getItems().size() == 1);

        onFx(() -> {
            ((TabPane) lookup("#model-tabs")).getSelectionModel().select(5);
            return null;
        });
        await("both devices ticked", 30, () -> lookup("#wall-run") != null && !lookup("#wall-run").isDisabled());
        onFx(() -> {
            this.<Integer>spinner("#wall-warmup").getValueFactory().setValue(5);
            this.<Integer>spinner("#wall-iterations").getValueFactory().setValue(150);
            return null;
        });
        robot.clickOn("#wall-run");
        await("two rows side by side", 90, () -> lookup("#wall-table") != null
                && ((TableView<?>) lookup("#wall-table")).getItems().size() == 2);
        for (int i = 0; i < 2; i++) {
            int index = i;
            DevicePanel panel = (DevicePanel) lookup("#wall-panel-" + i);
            // A panel takes in its samples and labels at its next drawn frame, which may come after the table's row.
            await("panel " + i + " drawn with all 150 samples and its p50", 10, () -> panel.samples() == 150
                    && panel.frames() > 0 && text("#wall-p50-" + index).matches("[\\d.,]+ (ms|µs)"));
        }
        assertThat(onFx(() -> text("#wall-device-0"))).startsWith("This computer");

        ModelRecord stored = context.workbench().models().get(0);
        List<StoredBenchmark> runs = context.workbench().benchmarks(stored);
        assertThat(runs).hasSize(3).allMatch(r -> !r.interrupted());
        String child = directory.entries().get(0).fingerprint().orElseThrow().id();
        String boardId = directory.entries().get(1).fingerprint().orElseThrow().id();
        assertThat(child).startsWith("agent-").isNotEqualTo(boardId);
        assertThat(runs.stream().map(r -> r.result().device().id()))
                .as("the Benchmark tab's run and the wall's on this computer, then the board's")
                .containsExactlyInAnyOrder(child, child, boardId);
        assertThat(context.workbench().thisComputer().id()).isEqualTo(child);
    }

    @SuppressWarnings("unchecked")
    private <T> Spinner<T> spinner(String query) {
        return (Spinner<T>) lookup(query);
    }

    private Node lookup(String query) {
        return robot.lookup(query).tryQuery().orElse(null);
    }

    private String text(String query) {
        Node n = lookup(query);
        return n instanceof Label ? ((Label) n).getText() : "";
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }

    private static void await(String what, int seconds, Callable<Boolean> condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS,
                    () -> Boolean.TRUE.equals(WaitForAsyncUtils.asyncFx(condition).get(10, TimeUnit.SECONDS)));
        } catch (TimeoutException e) {
            throw new TimeoutException("Timed out after " + seconds + " s waiting for: " + what);
        }
    }
}
