package dev.lathe.views.main;

import dev.lathe.views.benchmark.BenchmarkView;
import dev.lathe.views.common.Ui;
import dev.lathe.views.evaluate.EvaluateView;
import dev.lathe.views.compare.CompareView;
import dev.lathe.views.devices.DevicesPane;
import dev.lathe.views.model.ModelView;
import dev.lathe.views.optimize.OptimizeView;
import dev.lathe.views.wall.WallView;
import dev.lathe.views.demo.DemoPlayer;
import dev.lathe.views.demo.DemoStage;
import javafx.scene.Node;
import java.io.File;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import dev.lathe.views.common.SaturationBanner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The main window's content: File menu, model tree and devices on the left, the selected model's tabs, a status bar. */
public final class MainView extends BorderPane {
    private final MainViewModel viewModel;
    private final MainMenu menu;
    private final BenchmarkView benchmark;
    private final OptimizeView optimize;
    private final WallView wall;
    private final StageMode stageMode;
    private final SplitPane split;
    private final HBox statusBar;
    private final Label stageKeys = new Label(StageMode.KEYS);
    private ScrollPane wallScroll;
    private final CompareView compare;
    private ScrollPane compareScroll;
    private final Label demoKeys = new Label(DemoStage.KEYS);
    private DemoStage demo;

    public MainView(MainViewModel viewModel, Runnable quit) {
        this.viewModel = viewModel;
        setId("main-view");
        stageMode = new StageMode(this);
        menu = new MainMenu(viewModel, stageMode, quit);
        benchmark = new BenchmarkView(viewModel.benchmark(), viewModel.charts());
        optimize = new OptimizeView(viewModel.optimize(), viewModel.charts());
        wall = new WallView(viewModel.wall(), viewModel.charts());
        compare = new CompareView(viewModel.compare(), viewModel.charts());
        setTop(menu);
        split = new SplitPane(sidebar(), center());
        split.setDividerPositions(0.18);
        SplitPane.setResizableWithParent(split.getItems().get(0), false);
        setCenter(split);
        statusBar = statusBar();
        setBottom(statusBar);
        stageKeys.setId("stage-keys");
        stageKeys.getStyleClass().add("stage-keys");
        stageKeys.setMaxWidth(Double.MAX_VALUE);
        demoKeys.setId("demo-keys");
        demoKeys.getStyleClass().add("stage-keys");
        demoKeys.setMaxWidth(Double.MAX_VALUE);
        viewModel.demoProperty().addListener((obs, old, player) -> playDemo(player));
        acceptDrops();
    }

    private VBox sidebar() {
        ModelTree tree = new ModelTree(viewModel);
        VBox.setVgrow(tree, Priority.ALWAYS);
        VBox side = new VBox(6, Ui.section("Models"), tree, new DevicesPane(viewModel.devices()));
        side.getStyleClass().add("sidebar");
        side.setMinWidth(200);
        side.setPrefWidth(240);
        return side;
    }

    private StackPane center() {
        TabPane tabs = new TabPane(
                tab("Model", "tab-model", withInt8Summary(new ModelView(viewModel.model(), viewModel.charts()))),
                tab("Evaluate", "tab-evaluate", warned(new EvaluateView(viewModel.evaluate(), viewModel.charts()), "evaluate")),
                tab("Benchmark", "tab-benchmark", warned(benchmark, "benchmark")),
                tab("Optimize", "tab-optimize", optimize),
                tab("Compare", "tab-compare", compare),
                tab("Board wall", "tab-wall", wall));
        wallScroll = (ScrollPane) tabs.getTabs().get(tabs.getTabs().size() - 1).getContent();
        compareScroll = (ScrollPane) tabs.getTabs().get(tabs.getTabs().size() - 2).getContent();
        tabs.setId("model-tabs");
        viewModel.requestedTabProperty().addListener((obs, old, id) -> tabs.getTabs().stream()
                .filter(t -> t.getId().equals(id)).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t)));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.visibleProperty().bind(viewModel.selectedProperty().isNotNull());
        WelcomePane welcome = new WelcomePane(viewModel, () -> menu.chooseModel(getScene().getWindow()));
        welcome.visibleProperty().bind(viewModel.firstRunProperty());
        Label choose = Ui.placeholder("Select a model on the left, or open one with File → Open model…");
        choose.setId("choose-model");
        choose.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> viewModel.selectedProperty().get() == null && !viewModel.firstRunProperty().get()
                        && !viewModel.models().isEmpty(),
                viewModel.selectedProperty(), viewModel.firstRunProperty(), viewModel.models()));
        return new StackPane(choose, welcome, tabs);
    }

    /** The Model tab with a line on its int8 weights (whether any CPU's int8 kernels saturate them), when it has any. */
    private VBox withInt8Summary(Region content) {
        Label int8 = new Label();
        int8.setId("model-int8");
        int8.setWrapText(true);
        int8.setMaxWidth(Double.MAX_VALUE);
        int8.setMinHeight(Region.USE_PREF_SIZE);
        int8.setStyle("-fx-padding: 4 12 0 12;");
        int8.textProperty().bind(viewModel.advice().summaryProperty().map(s -> "Int8 weights: " + s));
        int8.visibleProperty().bind(viewModel.advice().summaryProperty().isNotEmpty());
        int8.managedProperty().bind(int8.visibleProperty());
        VBox box = new VBox(8, new SaturationBanner(viewModel.advice(), "model-int8-warning"), int8, content);
        VBox.setVgrow(content, Priority.ALWAYS);
        return box;
    }

    /** A tab's content under the warning that the model's int8 weights saturate this computer's kernels. */
    private VBox warned(Region content, String tab) {
        VBox box = new VBox(8, new SaturationBanner(viewModel.advice(), tab + "-int8-warning"), content);
        VBox.setVgrow(content, Priority.ALWAYS);
        return box;
    }

    private static Tab tab(String title, String id, Region content) {
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.getStyleClass().add("edge-to-edge");
        if (content.getMinHeight() == Region.USE_COMPUTED_SIZE) {
            content.setMinHeight(640);  // a tab that sets its own minimum (Optimize: all of it) keeps it
        }
        Tab tab = new Tab(title, scroll);
        tab.setId(id);
        return tab;
    }

    private HBox statusBar() {
        Label activity = new Label();
        activity.setId("status-activity");
        activity.textProperty().bind(Bindings.createStringBinding(
                () -> !viewModel.activityProperty().get().isEmpty() ? viewModel.activityProperty().get()
                        : viewModel.noticeProperty().get().isEmpty() ? "Ready" : viewModel.noticeProperty().get(),
                viewModel.activityProperty(), viewModel.noticeProperty()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label device = new Label();
        device.setId("status-device");
        device.textProperty().bind(viewModel.deviceProperty());
        Label devices = new Label();
        devices.setId("status-devices");
        devices.textProperty().bind(viewModel.devices().thisComputerProperty());
        HBox bar = new HBox(12, activity, spacer, devices, device);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    /**
     * Stage view's layout, or back to the window's: the Board wall alone, its panels filling the screen, with the keys
     * on a line at the foot; the menu bar, models, tabs and status bar return after. The root carries the style class
     * {@code stage} that enlarges the wall's figures.
     */
    void present(boolean on) {
        menu.setVisible(!on);
        menu.setManaged(!on);
        wall.present(on);
        if (on) {
            wallScroll.setContent(null);
            compareScroll.setContent(null);
            setCenter(demo != null ? demo : wall);
            setBottom(demo != null ? demoKeys : stageKeys);
            getStyleClass().add("stage");
        } else {
            getStyleClass().remove("stage");
            setCenter(null);
            if (demo != null) {
                demo.setCenter(null);
            }
            wallScroll.setContent(wall);
            compareScroll.setContent(compare);
            setCenter(split);
            setBottom(statusBar);
            viewModel.selectDemoModel();
        }
    }

    /** A demo opened: Stage view shows it, caption first, and Space or → steps through it. */
    private void playDemo(DemoPlayer player) {
        boolean presenting = isStageView();
        if (presenting && player != null) {
            // One demo after another: the stage stays, so the window's tabs are not laid out in between.
            demo = new DemoStage(player, this::lend);
            setCenter(demo);
            setBottom(demoKeys);
            return;
        }
        if (presenting) {
            setStageView(false);
        }
        demo = player == null ? null : new DemoStage(player, this::lend);
        setStageView(player != null || presenting);
    }

    /** The wall or Compare, taken out of its tab for the demo's stage while Stage view lasts. */
    private Node lend(DemoPlayer.Showing what) {
        return what == DemoPlayer.Showing.COMPARE ? compare : wall;
    }

    /** Space or → in Stage view: the demo's next step; false when no demo is open. */
    boolean nextDemoStep() {
        if (demo == null) {
            return false;
        }
        demo.player().next();
        return true;
    }

    /** Ctrl+R in Stage view: the wall's run with the ticks it has, or a stop to the one going. */
    void runOrCancelWall() {
        if (wall.viewModel().runningProperty().get()) {
            wall.viewModel().cancel();
        } else if (wall.viewModel().canRunProperty().get()) {
            wall.viewModel().run();
        }
    }

    /** Enters or leaves Stage view, as View › Stage and F11 do. */
    public void setStageView(boolean on) {
        stageMode.presentingProperty().set(on);
    }

    public boolean isStageView() {
        return stageMode.presentingProperty().get();
    }

    /** A model file dropped anywhere on the window opens, like File → Open. */
    private void acceptDrops() {
        addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
                e.consume();
            }
        });
        addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            files.stream().findFirst().ifPresent(f -> viewModel.open(f.toPath()));
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });
    }

    public void dispose() {
        benchmark.dispose();
        optimize.dispose();
        wall.dispose();
    }
}
