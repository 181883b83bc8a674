package dev.lathe.views.wall;

import static dev.lathe.views.support.Gui.await;
import static dev.lathe.views.support.Gui.onFx;
import static dev.lathe.views.support.Gui.runFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.views.LatheWindow;
import dev.lathe.views.ViewServices;
import dev.lathe.views.common.AlertErrorSink;
import dev.lathe.views.common.RecentFiles;
import dev.lathe.views.support.TestAgent;
import dev.lathe.views.support.TestDevices;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import dev.lathe.views.task.DaemonThreads;
import dev.lathe.views.task.FxTaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The board wall in the real window, on this computer and a second real agent process paired over TLS on loopback:
 * both panels fill as samples stream, the table sets the runs side by side, an agent killed mid-run leaves its
 * panel saying how many samples were kept while this computer's run goes on, and the device list follows the
 * directory when the board goes offline.
 */
class BoardWallTest {
    @TempDir
    Path tmp;
    private final FxRobot robot = new FxRobot();
    private TestEngine engine;
    private ExecutorService pool;
    private TestAgent agent;
    private TestDevices devices;
    private LatheWindow window;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        if (pool != null) {
            pool.shutdownNow();
        }
        if (devices != null) {
            devices.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void twoDevicesFillTheirPanelsSideBySideAndAnAgentThatGoesAwayKeepsItsSamples() throws Exception {
        Path model = TestModels.model(tmp);
        engine = TestEngine.withTestDevices(tmp.resolve("lathe.db"));
        agent = TestAgent.start(tmp.resolve("agent"));
        devices = engine.devices();
        String board = devices.pair("127.0.0.1", agent.port(), agent.token()).key();
        pool = DaemonThreads.pool("test-task");
        ViewServices services = new ViewServices(engine.workbench(), new FxTaskRunner(pool), Optional.of(model),
                Optional.empty(), Optional.empty(), new RecentFiles(tmp.resolve("recent.properties")),
                new AlertErrorSink());
        window = onFx(() -> LatheWindow.show(new Stage(), services));
        window.open(model);
        await("the model's tabs", 30, () -> lookup("#model-tabs").isVisible());
        runFx(() -> ((TabPane) lookup("#model-tabs")).getSelectionModel().select(5));
        await("both devices ticked", 20, () -> !lookup("#wall-run").isDisabled());
        set("#wall-warmup", 5);
        set("#wall-iterations", 150);

        robot.clickOn("#wall-run");
        await("two rows side by side", 40, () -> table().getItems().size() == 2);

        assertThat(onFx(() -> wall().panels().size())).isEqualTo(2);
        // A panel takes in its samples and labels at its next drawn frame, which may come after the table's row.
        for (DevicePanel panel : onFx(() -> wall().panels())) {
            await("a panel with all 150 samples drawn", 10, () -> panel.samples() == 150 && panel.frames() > 0);
        }
        await("the board's p50", 10, () -> text("#wall-p50-1").matches("[\\d.,]+ (ms|µs)"));
        assertThat(onFx(() -> table().getItems().stream().map(WallRow::outcome).toList()))
                .containsExactly("done", "done");
        assertThat(onFx(() -> table().getItems().get(1).device())).startsWith(devices.entries().get(1).name())
                .endsWith(board);
        ModelRecord stored = engine.workbench().models().get(0);
        List<StoredBenchmark> runs = engine.workbench().benchmarks(stored);
        assertThat(runs).hasSize(2);
        assertThat(runs.stream().map(r -> r.result().device().id()).distinct()).hasSize(2);

        set("#wall-iterations", 1);
        runFx(() -> ((Spinner<Double>) lookup("#wall-seconds")).getValueFactory().setValue(8.0));
        robot.clickOn("#wall-run");
        await("the board's samples streaming", 30, () -> onFx(() -> wall().panels().size() == 2
                && wall().panels().get(1).samples() > 0));
        agent.close();
        await("the board's panel saying it was interrupted", 30,
                () -> text("#wall-status-1").startsWith("interrupted: "));
        assertThat(text("#wall-status-1")).endsWith(" samples kept");
        assertThat(onFx(() -> table().getItems().isEmpty() || table().getItems().size() == 1)).isTrue();
        await("this computer's run to end", 30, () -> table().getItems().size() == 2);
        assertThat(onFx(() -> table().getItems().stream().map(WallRow::outcome).toList()))
                .contains("done").anyMatch(o -> o.startsWith("interrupted: "));
        // The panel's label follows at its next drawn frame, which may come after the table's row.
        await("this computer's panel to say so", 10, () -> text("#wall-status-0").startsWith("Done"));

        devices.goOffline(board);
        await("the board's checkbox to turn off", 10, () -> !deviceBox(1).isSelected() || deviceBox(1).isDisabled());
        assertThat(onFx(() -> deviceBox(1).isDisabled())).isTrue();
        assertThat(onFx(() -> ((Label) ((HBox) ((FlowPane) lookup("#wall-devices")).getChildren().get(1))
                .getChildren().get(1)).getText())).isEqualTo("offline: stopped answering");
        assertThat(onFx(() -> lookup("#wall-run").isDisabled())).isFalse();
    }

    private CheckBox deviceBox(int index) {
        return (CheckBox) ((HBox) ((FlowPane) lookup("#wall-devices")).getChildren().get(index)).getChildren().get(0);
    }

    @SuppressWarnings("unchecked")
    private void set(String id, int value) {
        runFx(() -> ((Spinner<Integer>) lookup(id)).getValueFactory().setValue(value));
    }

    private String text(String id) {
        return onFx(() -> ((Label) lookup(id)).getText());
    }

    @SuppressWarnings("unchecked")
    private TableView<WallRow> table() {
        return (TableView<WallRow>) lookup("#wall-table");
    }

    private WallView wall() {
        return (WallView) lookup("#wall-view");
    }

    private Node lookup(String query) {
        return window.stage().getScene().lookup(query);
    }
}
