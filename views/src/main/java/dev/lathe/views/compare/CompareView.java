package dev.lathe.views.compare;

import dev.lathe.views.chart.ChartFiles;
import dev.lathe.views.chart.ChartMenu;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.Tables;
import dev.lathe.views.common.Ui;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
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
    /** A model without a run on a device that others of the family ran on. */
    private static final String NO_RUN_THERE = "–";
    /** Up to this many devices the table has a p99 column for each; beyond, p50 and speedup only. */
    private static final int DEVICES_WITH_P99 = 2;
    private static final double ROW_HEIGHT = 26;
    private final CompareViewModel viewModel;
    private final CompareCharts charts = new CompareCharts();
    private boolean redrawPending;
    private final List<TableColumn<CompareRow, ?>> fixedColumns = new ArrayList<>();

    public CompareView(CompareViewModel viewModel, ChartFiles files) {
        this.viewModel = viewModel;
        setId("compare-view");
        getStyleClass().add("tab-body");
        setSpacing(12);
        TableView<CompareRow> table = table();
        Tables.copyableAsCsv(table);
        viewModel.devices().addListener((ListChangeListener<CompareDevice>) c -> deviceColumns(table));
        deviceColumns(table);
        HBox chartRow = new HBox(12, charts.scatterNode(), charts.sizeNode());
        charts.scatterNode().setPrefSize(560, 320);
        charts.sizeNode().setPrefSize(420, 320);
        HBox.setHgrow(charts.scatterNode(), Priority.ALWAYS);
        charts.latencyNode().setPrefSize(980, 300);
        charts.latencyNode().setMinHeight(240);
        ChartMenu.attach(charts.scatterNode(), "accuracy vs latency", files);
        ChartMenu.attach(charts.sizeNode(), "file size", files);
        ChartMenu.attach(charts.latencyNode(), "latency distributions", files);
        viewModel.rows().addListener((ListChangeListener<CompareRow>) c -> redrawSoon());
        viewModel.included().addListener((SetChangeListener<String>) c -> redrawSoon());
        viewModel.chartDeviceProperty().addListener((obs, old, now) -> redrawSoon());
        getChildren().addAll(toolbar(), statusLine(), table, accuracyFlags(), new RuntimesPane(viewModel),
                deviceChooser(), chartRow, charts.latencyNode());
        // As tall as all of it: the tab scrolls rather than squeezing the tables to a few rows.
        setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    }

    /** Rows, ticks and the device often change together: the charts are drawn once for all of them. */
    private void redrawSoon() {
        if (!redrawPending) {
            redrawPending = true;
            javafx.application.Platform.runLater(() -> {
                redrawPending = false;
                redraw();
            });
        }
    }

    private void redraw() {
        charts.show(viewModel.includedRows(), Optional.ofNullable(viewModel.chartDeviceProperty().get()));
    }

    /** One line per model whose top-1 on a device differs from this computer's; hidden when none does. */
    private Label accuracyFlags() {
        Label flags = new Label();
        flags.setId("compare-accuracy-flags");
        flags.getStyleClass().add("problem");
        flags.setWrapText(true);
        flags.setMaxWidth(Double.MAX_VALUE);
        flags.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        viewModel.rows().addListener((ListChangeListener<CompareRow>) c -> {
            List<String> found = viewModel.accuracyFlags();
            flags.setText(found.stream().map(f -> "⚠ " + f).reduce((a, b) -> a + "\n" + b)
                    .map(text -> text + "\nThe same file computes differently there: compare the devices' int8 "
                            + "paths, and make int8 variants with reduce_range: auto, which no CPU saturates.")
                    .orElse(""));
        });
        flags.visibleProperty().bind(flags.textProperty().isNotEmpty());
        flags.managedProperty().bind(flags.visibleProperty());
        return flags;
    }

    /** Which device's latencies the charts show; there only when the family ran on more than one. */
    private HBox deviceChooser() {
        ComboBox<CompareDevice> choice = new ComboBox<>(viewModel.devices());
        choice.setId("compare-chart-device");
        choice.valueProperty().bindBidirectional(viewModel.chartDeviceProperty());
        HBox row = new HBox(8, new Label("Latency charts on"), choice);
        row.setAlignment(Pos.CENTER_LEFT);
        row.visibleProperty().bind(Bindings.size(viewModel.devices()).greaterThan(1));
        row.managedProperty().bind(row.visibleProperty());
        return row;
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
        HBox bar = new HBox(8, Ui.section("The parent and its variants"), refresh, fidelity, evaluate, bench, cancel);
        bar.setAlignment(Pos.CENTER_LEFT);
        for (javafx.scene.Node n : bar.getChildren()) {
            if (n instanceof javafx.scene.layout.Region r) {
                r.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
        }
        return bar;
    }

    /** Progress and the status in a line of their own, wrapped, so a long message is read whole. */
    private HBox statusLine() {
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(160);
        progress.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        progress.progressProperty().bind(viewModel.runState().progressProperty());
        progress.visibleProperty().bind(viewModel.runState().runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        Label status = new Label();
        status.setId("compare-status");
        status.getStyleClass().add("status");
        status.setWrapText(true);
        status.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        status.textProperty().bind(viewModel.runState().statusProperty());
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox line = new HBox(8, progress, status);
        line.setAlignment(Pos.CENTER_LEFT);
        line.visibleProperty().bind(viewModel.runState().runningProperty()
                .or(viewModel.runState().statusProperty().isNotEmpty()));
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    private TableView<CompareRow> table() {
        TableView<CompareRow> table = new TableView<>(viewModel.rows());
        table.setId("compare-table");
        table.getStyleClass().add("dense");
        table.setEditable(true);
        table.setFixedCellSize(ROW_HEIGHT);
        // As tall as the family (five rows at least): a header of two lines where devices group their figures.
        table.prefHeightProperty().bind(Bindings.createDoubleBinding(() -> Math.max(5, viewModel.rows().size())
                * ROW_HEIGHT + (viewModel.devices().size() > 1 ? 58 : 34), viewModel.rows(), viewModel.devices()));
        table.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
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
        TableColumn<CompareRow, String> agreement = figure("Top-1 agreement", r -> r.isParent() ? Optional.of("–")
                : r.fidelity().map(Agreement::text));
        Tables.explained(agreement, r -> Agreement.why(r.fidelity()));
        Tables.fitTo(agreement, List.of(Formats.percent(1) + Agreement.SYNTHETIC_MARK));
        fixedColumns.addAll(List.of(chart, name,
                figure("Top-1", r -> r.top1().map(Formats::percent)),
                figure("Δ top-1", r -> r.isParent() ? Optional.of("–")
                        : r.top1DeltaPoints(parent()).map(d -> signed(d) + " pp")),
                figure("Cosine", r -> r.isParent() ? Optional.of("–")
                        : r.fidelity().map(f -> Formats.decimal(f.cosine(), 4))),
                agreement,
                figure("File size", r -> Optional.of(Formats.bytes(r.model().fileBytes()))),
                figure("Size ratio", r -> Optional.of(Formats.decimal(r.sizeRatio(parent()), 2) + "×"))));
        return table;
    }

    /**
     * p50, p99 and speedup of the one device the family ran on; with several, a group of them per device under the
     * device's name, with its top-1 where the family was evaluated there, "–" where a model has no figure there.
     */
    private void deviceColumns(TableView<CompareRow> table) {
        List<CompareDevice> devices = viewModel.devices();
        List<TableColumn<CompareRow, ?>> columns = new ArrayList<>(fixedColumns);
        if (devices.size() <= 1) {
            String on = devices.isEmpty() ? "" : devices.get(0).id();
            columns.addAll(latencyFigures(on, NOT_MEASURED, true));
        } else {
            for (CompareDevice d : devices) {
                TableColumn<CompareRow, String> group = new TableColumn<>(d.name());
                group.setId("compare-device-" + d.id());
                List<TableColumn<CompareRow, String>> figures = new ArrayList<>();
                if (d.evaluated()) {
                    figures.add(figure("Top-1", r -> r.top1(d.id()).map(Formats::accuracy), NO_RUN_THERE));
                }
                if (d.runs() > 0) {
                    figures.addAll(latencyFigures(d.id(), NO_RUN_THERE, devices.size() <= DEVICES_WITH_P99));
                }
                // Narrower than the other figures, so that several devices fit beside them.
                figures.forEach(c -> c.setMinWidth(84));
                figures.forEach(c -> c.setPrefWidth(90));
                group.getColumns().addAll(figures);
                columns.add(group);
            }
        }
        table.getColumns().setAll(columns);
    }

    private List<TableColumn<CompareRow, String>> latencyFigures(String device, String missing, boolean withP99) {
        List<TableColumn<CompareRow, String>> figures = new ArrayList<>();
        figures.add(figure("p50", r -> r.p50Ms(device).map(Formats::millis), missing));
        if (withP99) {
            figures.add(figure("p99", r -> r.p99Ms(device).map(Formats::millis), missing));
        }
        figures.add(figure("Speedup", r -> r.speedup(parent(), device).map(s -> Formats.decimal(s, 2) + "×"), missing));
        return figures;
    }

    private CompareRow parent() {
        return viewModel.rows().get(0);
    }

    private static TableColumn<CompareRow, String> figure(String title, Function<CompareRow, Optional<String>> value) {
        return figure(title, value, NOT_MEASURED);
    }

    private static TableColumn<CompareRow, String> figure(String title, Function<CompareRow, Optional<String>> value,
                                                          String missing) {
        TableColumn<CompareRow, String> column = Tables.number(title, r -> value.apply(r).orElse(missing), s -> s);
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
