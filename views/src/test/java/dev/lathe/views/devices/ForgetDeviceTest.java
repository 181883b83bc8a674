package dev.lathe.views.devices;

import static dev.lathe.views.support.Gui.await;
import static dev.lathe.views.support.Gui.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.device.directory.AgentDirectory;
import dev.lathe.engine.device.remote.PairedAgents;
import dev.lathe.views.support.TestAgent;
import dev.lathe.views.support.TestDevices;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.task.DaemonThreads;
import dev.lathe.views.task.FxTaskRunner;
import dev.lathe.views.theme.LatheTheme;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.PickResult;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * Forgetting a paired board from the Devices sidebar, over the app's directory and a real agent process paired over
 * TLS on loopback: the confirmation names the board, Cancel keeps it, Forget drops its card and its pairing.
 */
class ForgetDeviceTest {
    @TempDir
    Path tmp;
    private final FxRobot robot = new FxRobot();
    private ExecutorService pool;
    private TestAgent agent;
    private AgentDirectory directory;
    private TestEngine engine;
    private DevicesViewModel viewModel;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        if (viewModel != null) {
            viewModel.close();
        }
        if (directory != null) {
            directory.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aPairedBoardIsForgottenAfterAConfirmationThatNamesItAndCancelKeepsIt() throws Exception {
        agent = TestAgent.start(tmp.resolve("agent"));
        directory = TestDevices.none(tmp);
        DeviceEntry board = directory.pair("127.0.0.1", agent.port(), agent.token());
        pool = DaemonThreads.pool("test-task");
        engine = TestEngine.open(tmp.resolve("lathe.db"), directory);
        viewModel = new DevicesViewModel(engine.workbench().devices(), new FxTaskRunner(pool), Platform::runLater);
        onFx(() -> {
            viewModel.start();
            Stage stage = new Stage();
            Scene scene = new Scene(new DevicesPane(viewModel), 360, 400);
            LatheTheme.apply(scene);
            stage.setScene(scene);
            stage.show();
            return stage;
        });
        String card = "#device-127-0-0-1-" + agent.port();
        await("the board online", 20, () -> lookup(card) != null && text(card + " .device-badge").equals("online"));

        robot.clickOn(card + " #forget-device");
        await("the confirmation", 10, () -> lookup("#forget-dialog") != null);
        assertThat(onFx(() -> ((DialogPane) lookup("#forget-dialog")).getHeaderText()))
                .isEqualTo("Forget " + board.name() + " (127.0.0.1:" + agent.port() + ")?");
        assertThat(text("#forget-explanation")).contains("pair it with the token the agent printed");
        robot.clickOn("#forget-cancel");
        await("the confirmation closed", 10, () -> lookup("#forget-dialog") == null);
        assertThat(new PairedAgents(tmp.resolve("devices.json")).find(board.key())).as("kept after Cancel")
                .isPresent();
        assertThat(onFx(() -> lookup(card))).isNotNull();

        requestContextMenu(card);
        robot.clickOn("Forget " + board.name() + "…");
        await("the confirmation again, from the context menu", 10, () -> lookup("#forget-dialog") != null);
        robot.clickOn("#forget-confirm");
        await("the card gone", 20, () -> lookup(card) == null);
        await("the confirmation closed", 10, () -> lookup("#forget-dialog") == null);
        assertThat(text("#device-list .placeholder")).isEqualTo("No devices yet");
        assertThat(new PairedAgents(tmp.resolve("devices.json")).all()).isEmpty();
        assertThat(directory.entries()).isEmpty();
    }

    @Test
    void onlyPairedBoardsOfferForget() {
        DeviceEntry thisComputer = new DeviceEntry("local", "This computer", "127.0.0.1:4000", DeviceState.ONLINE,
                "", Optional.empty());
        DeviceEntry discovered = new DeviceEntry("10.0.0.7:7443", "pi", "10.0.0.7:7443", DeviceState.DISCOVERED,
                "not paired", Optional.empty());
        DeviceEntry offline = new DeviceEntry("10.0.0.8:7443", "jetson", "10.0.0.8:7443", DeviceState.OFFLINE,
                "Not answering", Optional.empty());
        assertThat(DevicesViewModel.canForget(thisComputer)).isFalse();
        assertThat(DevicesViewModel.canForget(discovered)).isFalse();
        assertThat(DevicesViewModel.canForget(offline)).isTrue();
    }

    /**
     * What a right click (or the menu key) makes the platform send. Monocle, the headless screen these tests run
     * on, turns a secondary click into mouse events only, never into this one.
     */
    private void requestContextMenu(String query) {
        onFx(() -> {
            Node node = lookup(query);
            Bounds b = node.localToScreen(node.getBoundsInLocal());
            double x = b.getMinX() + 20;
            double y = b.getMinY() + 10;
            Event.fireEvent(node, new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, 20, 10, x, y, false,
                    new PickResult(node, x, y)));
            return null;
        });
    }

    private Node lookup(String query) {
        return robot.lookup(query).tryQuery().orElse(null);
    }

    private String text(String query) {
        return onFx(() -> {
            Node n = lookup(query);
            return n instanceof Label ? ((Label) n).getText() : "";
        });
    }
}
