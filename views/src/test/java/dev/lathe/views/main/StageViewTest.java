package dev.lathe.views.main;

import static dev.lathe.views.support.Gui.onFx;
import static dev.lathe.views.support.Gui.runFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.device.directory.AgentDirectory;
import dev.lathe.views.LatheWindow;
import dev.lathe.views.ViewServices;
import dev.lathe.views.chart.ChartPalette;
import dev.lathe.views.common.AlertErrorSink;
import dev.lathe.views.common.RecentFiles;
import dev.lathe.views.support.TestDevices;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.task.DaemonThreads;
import dev.lathe.views.task.FxTaskRunner;
import dev.lathe.views.wall.DevicePanel;
import java.awt.Paint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * View › Theme and Stage view in one real window (opening it is the costly part): the root's style class and a
 * chart's ground follow the theme; F11 enters Stage view, whose p50 figure is at least four times the body text, and
 * Esc leaves it for the theme chosen before.
 */
class StageViewTest {
    @TempDir
    Path tmp;
    private final FxRobot robot = new FxRobot();
    private TestEngine engine;
    private ExecutorService pool;
    private AgentDirectory devices;
    private LatheWindow window;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void openWindow() throws Exception {
        devices = TestDevices.none(tmp);
        engine = TestEngine.open(tmp.resolve("lathe.db"), devices);
        pool = DaemonThreads.pool("test-task");
        ViewServices services = new ViewServices(engine.workbench(), new FxTaskRunner(pool), Optional.empty(),
                Optional.empty(), Optional.empty(), new RecentFiles(tmp.resolve("recent.properties")),
                new AlertErrorSink());
        window = onFx(() -> LatheWindow.show(new Stage(), services));
    }

    @AfterEach
    void closeWindow() throws Exception {
        runFx(() -> window.stageView(false));
        FxToolkit.cleanupStages();
        pool.shutdownNow();
        devices.close();
        engine.close();
    }

    @Test
    void themesRestyleTheRootAndTheChartsAndF11EntersStageViewWithLargeFiguresThatEscLeaves() {
        ChartViewer chart = onFx(() -> charts(root()).get(0));
        assertThat(onFx(() -> root().getStyleClass())).contains("theme-light").doesNotContain("theme-dark");
        assertThat(background(chart)).isEqualTo(ChartPalette.LIGHT.background());

        choose("menu-theme-dark");
        assertThat(onFx(() -> root().getStyleClass())).contains("theme-dark").doesNotContain("theme-light");
        assertThat(background(chart)).isEqualTo(ChartPalette.DARK.background());
        assertThat(onFx(() -> chart.getChart().getPlot().getBackgroundPaint())).isEqualTo(ChartPalette.DARK.background());

        choose("menu-theme-light");
        assertThat(onFx(() -> root().getStyleClass())).contains("theme-light").doesNotContain("theme-dark");
        assertThat(background(chart)).isEqualTo(ChartPalette.LIGHT.background());

        // F11 enters Stage view: dark, the wall alone with its keys, figures four times the body text; Esc leaves.
        runFx(() -> window.stage().requestFocus());
        robot.push(KeyCode.F11);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(onFx(window::inStageView)).isTrue();
        assertThat(onFx(() -> root().getStyleClass())).contains("stage", "theme-dark");
        assertThat(onFx(() -> robot.lookup("#main-menu").queryAs(MenuBar.class).isVisible())).isFalse();
        assertThat(onFx(() -> robot.lookup("#stage-keys").queryAs(Label.class).getText())).contains("Esc", "F11");
        // A panel as a run puts it on the wall: its figures take the stylesheet's Stage view sizes.
        runFx(() -> robot.lookup("#wall-panels").queryAs(HBox.class).getChildren()
                .setAll(new DevicePanel("this computer", 0, false)));
        WaitForAsyncUtils.waitForFxEvents();
        double body = onFx(this::bodySize);
        double p50 = onFx(() -> robot.lookup("#wall-p50-0").queryAs(Label.class).getFont().getSize());
        assertThat(body).isGreaterThanOrEqualTo(13);
        assertThat(p50).isGreaterThanOrEqualTo(4 * body);

        robot.push(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(onFx(window::inStageView)).isFalse();
        assertThat(onFx(() -> root().getStyleClass())).doesNotContain("stage").contains("theme-light");
        assertThat(onFx(() -> robot.lookup("#main-menu").queryAs(MenuBar.class).isVisible())).isTrue();
    }

    private Parent root() {
        return window.stage().getScene().getRoot();
    }

    /** The body text's size in Stage view: a plain label's under the root. */
    private double bodySize() {
        Label plain = new Label("body");
        HBox panels = robot.lookup("#wall-panels").queryAs(HBox.class);
        panels.getChildren().add(plain);
        plain.applyCss();
        double size = plain.getFont().getSize();
        panels.getChildren().remove(plain);
        return size;
    }

    private void choose(String id) {
        runFx(() -> {
            MenuBar bar = robot.lookup("#main-menu").queryAs(MenuBar.class);
            bar.getMenus().stream().flatMap(m -> m.getItems().stream())
                    .flatMap(i -> i instanceof javafx.scene.control.Menu sub ? sub.getItems().stream()
                            : java.util.stream.Stream.of(i))
                    .filter(i -> id.equals(i.getId())).findFirst().map(MenuItem.class::cast).orElseThrow().fire();
        });
    }

    private static Paint background(ChartViewer chart) {
        return onFx(() -> chart.getChart().getBackgroundPaint());
    }

    private static List<ChartViewer> charts(Node node) {
        List<ChartViewer> out = new ArrayList<>();
        if (node instanceof ChartViewer viewer) {
            out.add(viewer);
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> out.addAll(charts(child)));
        }
        return out;
    }
}
