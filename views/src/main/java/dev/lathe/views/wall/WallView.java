package dev.lathe.views.wall;

import dev.lathe.views.chart.ChartFiles;
import dev.lathe.views.common.Ui;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Board wall tab: the form, one live panel per device while the variants run, and the runs side by side once
 * they end. Panels are drawn by a {@link FrameTicker}, never once per sample.
 */
public final class WallView extends VBox {
    private final WallViewModel viewModel;
    private final HBox panels = new HBox(12);
    private final List<DevicePanel> shown = new ArrayList<>();
    private final FrameTicker ticker = new FrameTicker();
    private final List<Node> details = new ArrayList<>();
    private final ChartFiles charts;

    public WallView(WallViewModel viewModel, ChartFiles charts) {
        this.viewModel = viewModel;
        this.charts = charts;
        setId("wall-view");
        getStyleClass().add("tab-body");
        setSpacing(12);
        panels.setId("wall-panels");
        VBox.setVgrow(panels, Priority.ALWAYS);
        panels.getChildren().add(Ui.placeholder("Tick variants and devices, then Run: each device gets a live panel here"));
        TableView<WallRow> table = WallTable.of(viewModel.rows());
        table.setMinHeight(150);
        table.setPrefHeight(190);
        TableView<AccuracyRow> accuracyTable = AccuracyTable.of(viewModel.accuracyRows());
        accuracyTable.setMinHeight(150);
        accuracyTable.setPrefHeight(190);
        BooleanBinding evaluating = viewModel.measureProperty().isEqualTo(WallMeasure.ACCURACY);
        table.visibleProperty().bind(evaluating.not());
        table.managedProperty().bind(table.visibleProperty());
        accuracyTable.visibleProperty().bind(evaluating);
        accuracyTable.managedProperty().bind(accuracyTable.visibleProperty());
        WallForm form = new WallForm(viewModel);
        VBox sideBySide = new VBox(12, Ui.section("Side by side"), table, accuracyTable);
        details.addAll(List.of(form, sideBySide));
        getChildren().addAll(form, panels, sideBySide);
        viewModel.feeds().addListener((ListChangeListener<DeviceFeed>) c -> showPanels());
        viewModel.runningProperty().addListener((obs, was, now) -> {
            if (now) {
                ticker.start();
            } else {
                ticker.stop();
            }
        });
        viewModel.watchDevices();
    }

    private void showPanels() {
        ticker.clear();
        shown.clear();
        List<DeviceFeed> feeds = viewModel.feeds();
        boolean evaluating = viewModel.measureProperty().get() == WallMeasure.ACCURACY;
        for (int i = 0; i < feeds.size(); i++) {
            DevicePanel panel = new DevicePanel(feeds.get(i).device(), i, evaluating);
            HBox.setHgrow(panel, Priority.ALWAYS);
            panel.setPrefWidth(1);
            panel.offerSaving(charts);
            shown.add(panel);
            ticker.follow(feeds.get(i), panel::prepare);
        }
        panels.getChildren().setAll(shown);
    }

    /**
     * In Stage view only the panels show, filling the screen; the form and the side-by-side tables come back after.
     * Runs go on, and a run started with {@link WallViewModel#run()} fills the panels as it would in the tab.
     */
    public void present(boolean stage) {
        for (Node node : details) {
            node.setVisible(!stage);
            node.setManaged(!stage);
        }
    }

    public WallViewModel viewModel() {
        return viewModel;
    }

    /** The panels of the current run, in device order. */
    public List<DevicePanel> panels() {
        return List.copyOf(shown);
    }

    public void dispose() {
        viewModel.close();
        ticker.close();
    }
}
