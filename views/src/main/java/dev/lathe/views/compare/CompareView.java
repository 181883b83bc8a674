package dev.lathe.views.compare;

import dev.lathe.views.common.Formats;
import dev.lathe.views.common.Tables;
import dev.lathe.views.common.Ui;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.CheckBoxTableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Compare tab: the family's figures side by side, which to chart, and the charts. */
public final class CompareView extends VBox {
    private static final String NOT_MEASURED = "not measured";
    private final CompareViewModel viewModel;
    private final CompareCharts charts = new CompareCharts();

    public CompareView(CompareViewModel viewModel) {
        this.viewModel = viewModel;
        setId("compare-view");
        getStyleClass().add("tab-body");
        setSpacing(12);
        TableView<CompareRow> table = table();
        HBox chartRow = new HBox(12, charts.scatterNode(), charts.sizeNode());
        charts.scatterNode().setPrefSize(560, 320);
        charts.sizeNode().setPrefSize(420, 320);
        HBox.setHgrow(charts.scatterNode(), Priority.ALWAYS);
        charts.latencyNode().setPrefSize(980, 300);
        charts.latencyNode().setMinHeight(240);
        viewModel.rows().addListener((ListChangeListener<CompareRow>) c -> redraw());
        viewModel.included().addListener((SetChangeListener<String>) c -> redraw());
        getChildren().addAll(toolbar(), table, chartRow, charts.latencyNode());
    }

    private void redraw() {
        charts.show(viewModel.includedRows());
    }

    private HBox toolbar() {
        Button refresh = new Button("Refresh");
        refresh.setId("compare-refresh");
        refresh.setOnAction(e -> viewModel.refresh());
        Button fidelity = new Button("Measure fidelity to parent");
        fidelity.setId("compare-fidelity");
        fidelity.disableProperty().bind(viewModel.canMeasureProperty().not());
        fidelity.setOnAction(e -> viewModel.measureFidelity());
        Button bench = new Button("Benchmark all");
        bench.setId("compare-benchmark");
        bench.setTooltip(new Tooltip("Benchmarks every model here with the same settings (batch 1, one thread), "
                + "one after the other"));
        bench.disableProperty().bind(viewModel.canMeasureProperty().not());
        bench.setOnAction(e -> viewModel.benchmarkAll());
        Button evaluate = new Button("Evaluate all");
        evaluate.setId("compare-evaluate");
        evaluate.setTooltip(new Tooltip("Evaluates every model here on the parent's latest evaluation dataset (else the "
                + "sample dataset) with default preprocessing, one after the other"));
        evaluate.disableProperty().bind(viewModel.canMeasureProperty().not());
        evaluate.setOnAction(e -> viewModel.evaluateAll());
        Button cancel = new Button("Cancel");
        cancel.setId("compare-cancel");
        cancel.disableProperty().bind(viewModel.runState().runningProperty().not());
        cancel.setOnAction(e -> viewModel.cancel());
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(160);
        progress.progressProperty().bind(viewModel.runState().progressProperty());
        progress.visibleProperty().bind(viewModel.runState().runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        Label status = new Label();
        status.setId("compare-status");
        status.getStyleClass().add("status");
        status.textProperty().bind(viewModel.runState().statusProperty());
        HBox bar = new HBox(8, Ui.section("The parent and its variants"), refresh, fidelity, evaluate, bench, cancel, progress, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        // A long status message shrinks (with an ellipsis), never the buttons a presenter has to hit.
        for (javafx.scene.Node n : bar.getChildren()) {
            if (n != status && n instanceof javafx.scene.layout.Region r) {
                r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        }
        status.setMinWidth(0);
        HBox.setHgrow(status, Priority.ALWAYS);
        return bar;
    }

    private TableView<CompareRow> table() {
        TableView<CompareRow> table = new TableView<>(viewModel.rows());
        table.setId("compare-table");
        table.getStyleClass().add("dense");
        table.setEditable(true);
        table.setPrefHeight(200);
        table.setPlaceholder(Ui.placeholder("Select a model to compare it with its variants"));
        TableColumn<CompareRow, Boolean> chart = new TableColumn<>("Chart");
        chart.setEditable(true);
        chart.setCellValueFactory(c -> {
            SimpleBooleanProperty on = new SimpleBooleanProperty(
                    viewModel.included().contains(c.getValue().model().sha256()));
            on.addListener((obs, old, now) -> viewModel.setIncluded(c.getValue(), now));
            return on;
        });
        chart.setCellFactory(CheckBoxTableCell.forTableColumn(chart));
        TableColumn<CompareRow, String> name = Tables.column("Model",
                r -> r.model().name() + (r.isParent() ? " (parent)" : ""), s -> s);
        name.setPrefWidth(200);
        name.setMinWidth(150);
        table.getColumns().addAll(List.of(chart, name,
                figure("Top-1", r -> r.top1().map(Formats::percent)),
                figure("Δ top-1", r -> r.isParent() ? Optional.of("–")
                        : r.top1DeltaPoints(parent()).map(d -> signed(d) + " pp")),
                figure("Cosine", r -> r.isParent() ? Optional.of("–")
                        : r.fidelity().map(f -> Formats.decimal(f.cosine(), 4))),
                figure("Top-1 agreement", r -> r.isParent() ? Optional.of("–")
                        : r.fidelity().map(f -> Formats.percent(f.top1Agreement()))),
                figure("File size", r -> Optional.of(Formats.bytes(r.model().fileBytes()))),
                figure("Size ratio", r -> Optional.of(Formats.decimal(r.sizeRatio(parent()), 2) + "×")),
                figure("p50", r -> r.p50Ms().map(Formats::millis)),
                figure("p99", r -> r.p99Ms().map(Formats::millis)),
                figure("Speedup", r -> r.speedup(parent()).map(s -> Formats.decimal(s, 2) + "×"))));
        return table;
    }

    private CompareRow parent() {
        return viewModel.rows().get(0);
    }

    private static TableColumn<CompareRow, String> figure(String title, Function<CompareRow, Optional<String>> value) {
        TableColumn<CompareRow, String> column = Tables.number(title, r -> value.apply(r).orElse(NOT_MEASURED), s -> s);
        column.setMinWidth(112);
        return column;
    }

    private static String signed(double points) {
        return (points >= 0 ? "+" : "") + Formats.decimal(points, 2);
    }

    /** How many models the accuracy-vs-latency chart draws: those ticked that were both evaluated and benchmarked. */
    public int scatterPoints() {
        return charts.scatterPoints();
    }

    /** How many latency distributions the overlay draws: the ticked models that were benchmarked. */
    public int latencySeries() {
        return charts.latencySeries();
    }
}
