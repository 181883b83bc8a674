package dev.lathe.app;

import dev.lathe.engine.store.StoreException;
import dev.lathe.views.LatheWindow;
import dev.lathe.views.ViewServices;
import dev.lathe.views.task.DaemonThreads;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the desktop app without a JavaFX {@code Application} subclass, so the app runs from a plain classpath and
 * the window receives its services through its constructor instead of a static.
 */
final class GuiLauncher {
    private static final String DEBIAN_FASHION_TRAIN = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";

    private GuiLauncher() {
    }

    /** Shows the window; on the request's model, when given, as File › Open would, and in Stage view if asked. */
    static void launch(LathePaths paths, WindowRequest request) {
        Optional<Path> model = request.model();
        Logger log = LoggerFactory.getLogger(GuiLauncher.class);
        AppContext context;
        try {
            // The store opens here, on the main thread, before the FX thread exists. Returns at once: this
            // computer's runner starts in the background and its entry says so until it is ready; runs on this
            // computer go to it, or, where it cannot start, inside this process, so the workbench still works.
            context = AppContext.forWindow(paths, true);
        } catch (StoreException e) {
            log.error("Cannot open the store", e);
            Platform.startup(() -> fatal(e.getMessage()));
            return;
        }
        ExecutorService executor = DaemonThreads.pool("lathe-work");
        // The context closes this computer's runner, the paired boards' probes and discovery, then the store.
        AppExit exit = new AppExit(List.of(executor::shutdownNow, context::close));
        Runtime.getRuntime().addShutdownHook(new Thread(exit::closeAll, "lathe-shutdown"));
        Platform.setImplicitExit(true);
        Optional<Path> sampleDataset = sample("fashion-mnist/t10k-images-idx3-ubyte.gz");
        Optional<Path> sampleTraining = sampleTraining(sampleDataset, Path.of(DEBIAN_FASHION_TRAIN));
        Platform.startup(() -> {
            ViewServices services = ViewServices.standard(context.workbench(), executor, sample("fashion-mnist/cnn.onnx"),
                    sampleDataset, sampleTraining, paths.dataDir().resolve("recent-files.properties"));
            LatheWindow window = LatheWindow.show(new Stage(), services);
            model.ifPresent(window::open);
            request.demo().ifPresent(window::playDemo);
            if (request.stage() && request.demo().isEmpty()) {
                window.stageView(true);
            }
            // Closing the window (File > Quit, Ctrl+Q, its close button) ends the app and this computer's runner.
            window.stage().addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> new Thread(exit::windowClosed,
                    "lathe-quit").start());
            Platform.runLater(() -> log.info("Window usable {} ms after the JVM started",
                    System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()));
        });
    }

    /** The sample model and data shipped in the checkout (the launcher passes their folder). */
    private static Optional<Path> sample(String relative) {
        return Optional.ofNullable(System.getProperty("lathe.samples"))
                .map(dir -> Path.of(dir).resolve(relative))
                .filter(Files::isRegularFile);
    }

    /**
     * Fashion-MNIST's 60,000 training images, where Debian's package installs them, when the sample's test set is in
     * use: training on the test set would score the variant on examples it learnt. Else the sample set itself, so a
     * finetune recipe still runs out of the box.
     */
    static Optional<Path> sampleTraining(Optional<Path> sampleDataset, Path installed) {
        if (sampleDataset.isEmpty()) {
            return Optional.empty();
        }
        return Files.isRegularFile(installed) ? Optional.of(installed) : sampleDataset;
    }

    private static void fatal(String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message);
        alert.setHeaderText("Lathe cannot start");
        alert.showAndWait();
        Platform.exit();
    }
}
