package dev.lathe.views.devices;

import java.util.List;
import dev.lathe.engine.runtime.OrtSessions;
import dev.lathe.engine.hardware.RuntimeVersion;
import dev.lathe.engine.hardware.Bf16;
import static dev.lathe.views.support.Gui.await;
import static dev.lathe.views.support.Gui.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.device.HostProbe;
import dev.lathe.engine.hardware.Int8Path;
import dev.lathe.engine.device.directory.AgentDirectory;
import dev.lathe.views.support.TestAgent;
import dev.lathe.views.support.TestDevices;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.task.DaemonThreads;
import dev.lathe.views.task.FxTaskRunner;
import dev.lathe.views.theme.LatheTheme;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** What a device's card says it runs on, from a real agent process paired over TLS on loopback. */
class DeviceCardTest {
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
    void aBoardsCardNamesItsCpuCoresInt8PathBf16AndRuntimesWithVersions() throws Exception {
        agent = TestAgent.start(tmp.resolve("agent"));
        directory = TestDevices.none(tmp);
        directory.pair("127.0.0.1", agent.port(), agent.token());
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
        await("the board's hardware line", 20, () -> !text(card + " .device-hardware").isEmpty());

        // The agent runs on this computer, so its path is the one this computer's /proc/cpuinfo gives.
        assertThat(text(card + " .device-hardware")).contains(HostProbe.cpuModel(),
                " · int8 " + HostProbe.int8Path().label() + " · " + HostProbe.bf16().label());
        assertThat(text(card + " .device-runtimes")).startsWith("ONNX Runtime " + OrtSessions.ortVersion());
    }

    @Test
    void theCardListsEachRuntimeWithItsVersionForPeople() {
        DeviceFingerprint pi5 = new DeviceFingerprint("agent-1", "pi5", "Cortex-A76", 4, 8L << 30, "Linux",
                "aarch64", "OpenJDK 17", List.of(new RuntimeVersion("onnxruntime", "1.23.2"),
                new RuntimeVersion("executorch", "1.4.1"), new RuntimeVersion("libtorch", "2.7.1")),
                Int8Path.NEON_DOTPROD, Bf16.EMULATED);
        assertThat(DeviceCard.hardware(pi5)).isEqualTo("Cortex-A76 · 4 cores · int8 NEON dot-product · bf16 emulated");
        assertThat(pi5.runtimesLabel())
                .isEqualTo("ONNX Runtime 1.23.2 · ExecuTorch 1.4.1 · libtorch 2.7.1");
    }

    @Test
    void theCardsHardwareLineUsesTheShortLabelOfTheInt8Path() {
        DeviceFingerprint avx2 = new DeviceFingerprint("agent-1", "epyc", "AMD EPYC 7763 64-Core Processor", 1,
                1L << 32, "Linux", "amd64", "OpenJDK 17", List.of(new RuntimeVersion("onnxruntime", "1.23.2"),
                new RuntimeVersion("libtorch", "2.5.1")), Int8Path.AVX2, Bf16.EMULATED);
        assertThat(DeviceCard.hardware(avx2))
                .isEqualTo("AMD EPYC 7763 64-Core Processor · 1 core · int8 AVX2 (no VNNI) · bf16 emulated");
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
