package dev.lathe.app.devices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.app.AppContext;
import dev.lathe.app.LathePaths;
import dev.lathe.engine.device.directory.AgentDirectory;
import dev.lathe.engine.device.directory.Supervision;
import dev.lathe.engine.device.remote.PairedAgents;
import dev.lathe.views.LatheWindow;
import dev.lathe.views.ViewServices;
import dev.lathe.views.task.DaemonThreads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The real window's Devices list over a real directory: this computer's child agent, and a board paired by hand. */
class DevicesViewTest {
    @TempDir
    Path tmp;
    private final FxRobot robot = new FxRobot();
    private ExecutorService pool;
    private AgentDirectory directory;
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
        if (directory != null) {
            directory.close();
        }
        if (context != null) {
            context.close();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void thisComputerComesOnlineInTheSidebarAndABoardIsPairedFromTheAddDeviceDialog() throws Exception {
        board = CompletableFuture.supplyAsync(() -> {
            try {
                return AgentProcess.start(tmp.resolve("board"), 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        LathePaths paths = new LathePaths(tmp.resolve("data"), tmp.resolve("cache"));
        context = AppContext.open(paths);
        pool = DaemonThreads.pool("test-task");
        directory = AgentDirectory.start(new PairedAgents(paths.devicesFile()), AgentDirectory.Probing.DEFAULT,
                Optional.of(new AgentDirectory.ThisComputerSpec(AgentProgram.ofThisJvm(), paths.thisComputerDir(),
                        paths.dataDir().resolve("this-computer.json"), Supervision.DEFAULT)), Optional.empty());
        ViewServices services = ViewServices.standard(context.workbench(), pool, Optional.empty(), Optional.empty(),
                Optional.empty(), paths.dataDir().resolve("recent.properties"), directory);
        WaitForAsyncUtils.asyncFx(() -> LatheWindow.show(new Stage(), services)).get(60, TimeUnit.SECONDS);

        await("this computer listed", 10, () -> lookup("#device-local") != null);
        await("this computer online", 90, () -> text("#device-local .device-badge").equals("online"));
        assertThat(onFx(() -> text("#device-local .device-name"))).isEqualTo("This computer");
        assertThat(onFx(() -> text("#device-local .device-address"))).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(onFx(() -> text("#device-local .device-hardware"))).contains("cores").contains("ONNX Runtime");
        await("the status bar", 10, () -> text("#status-devices").equals("This computer: ready"));

        AgentProcess agent = board.get(60, TimeUnit.SECONDS);
        robot.clickOn("#add-device");
        await("the dialog", 10, () -> lookup("#pair-address") != null);
        robot.clickOn("#pair-address").write("no-port-here");
        robot.clickOn("#pair-token").write(agent.token);
        robot.clickOn("#pair-confirm");
        await("the address complaint", 10, () -> text("#pair-outcome").contains("is not HOST:PORT"));
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
