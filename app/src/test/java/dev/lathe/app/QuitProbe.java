package dev.lathe.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Window;

/**
 * The desktop app as {@code ./lathe} starts it, in a process of its own, then File › Quit chosen once this computer's
 * runner is up: {@link QuitTest} watches the process and its runner end.
 */
public final class QuitProbe {
    private QuitProbe() {
    }

    public static void main(String[] args) {
        try {
            quitOnceReady();
        } catch (Exception | Error e) {
            System.out.println("probe failed: " + e);
            System.out.flush();
            Runtime.getRuntime().halt(1);
        }
    }

    private static void quitOnceReady() throws Exception {
        GuiLauncher.launch(LathePaths.fromEnvironment(), new WindowRequest(java.util.Optional.empty(), false));
        long runners = 0;
        for (int i = 0; i < 1800 && runners == 0; i++) {
            Thread.sleep(100);
            runners = ProcessHandle.current().descendants().count();
        }
        MenuItem quit = null;
        for (int i = 0; i < 1800 && quit == null; i++) {
            Thread.sleep(100);
            quit = CompletableFuture.supplyAsync(QuitProbe::quitItem, Platform::runLater).get(60, TimeUnit.SECONDS);
        }
        if (quit == null) {
            throw new IllegalStateException("no File > Quit in any window after 3 minutes");
        }
        Thread.sleep(2000);  // the runner answers and the window settles, as a user would see it before quitting
        System.out.println("runner " + ProcessHandle.current().descendants().map(p -> String.valueOf(p.pid()))
                .reduce((a, b) -> a + "," + b).orElse("none"));
        System.out.println("quitting");
        System.out.flush();
        MenuItem item = quit;
        Platform.runLater(item::fire);
    }

    private static MenuItem quitItem() {
        for (Window w : Window.getWindows()) {
            if (w.getScene() != null && w.getScene().lookup("#main-menu") instanceof MenuBar bar) {
                return bar.getMenus().stream().flatMap(m -> m.getItems().stream())
                        .filter(i -> "menu-quit".equals(i.getId())).findFirst().orElse(null);
            }
        }
        return null;
    }
}
