package dev.lathe.views.benchmark;

import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.views.chart.ChartFiles;
import dev.lathe.views.chart.ChartMenu;
import dev.lathe.views.chart.LatencyHistogramChart;
import dev.lathe.views.chart.LiveLatencyChart;
import dev.lathe.views.common.Figure;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.Tables;
import dev.lathe.views.common.Ui;
import java.time.Instant;
import java.util.List;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.ObservableList;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The Benchmark tab: the form, a latency chart that fills while a run measures, the distribution and figures of
 * the run on show, and earlier runs to pick from.
 */
public final class BenchmarkView extends VBox {
    /**
     * Latencies drained per tick at most: enough to keep up with a microsecond model (so the queue never grows),
     * few enough that one tick stays cheap; appending is an array store per sample.
     */
    private static final int DRAIN_PER_TICK = 1_000_000;

    private final BenchmarkViewModel viewModel;
    private final LiveLatencyChart live = new LiveLatencyChart();
    private final LatencyHistogramChart histogram = new LatencyHistogramChart();
    private final Timeline drain = new Timeline(new KeyFrame(Duration.millis(250), e -> drainLive()));

    public BenchmarkView(BenchmarkViewModel viewModel, ChartFiles files) {
        this.viewModel = viewModel;
        setId("benchmark-view");
        getStyleClass().add("tab-body");
        setSpacing(12);
        drain.setCycleCount(Animation.INDEFINITE);
        live.node().setMinSize(300, 220);
        histogram.node().setMinSize(260, 220);
        HBox.setHgrow(live.node(), Priority.ALWAYS);
        HBox.setHgrow(histogram.node(), Priority.ALWAYS);
        ChartMenu.attach(live.node(), "latency per run", files);
        ChartMenu.attach(histogram.node(), "latency distribution", files);
        HBox charts = new HBox(12, live.node(), histogram.node());
        VBox.setVgrow(charts, Priority.ALWAYS);
        VBox earlier = new VBox(6, Ui.section("Earlier runs of this model"), history());
        HBox.setHgrow(earlier, Priority.ALWAYS);
        HBox bottom = new HBox(12, figures("bench-latency", "Latency", viewModel.latencyFigures(), 240),
                figures("bench-run-figures", "Run", viewModel.runFigures(), 330), earlier);
        bottom.setPrefHeight(300);
        bottom.setMinHeight(200);
        getChildren().addAll(new BenchmarkForm(viewModel), charts, bottom);
        bindCharts();
    }

    private void bindCharts() {
        viewModel.liveRunProperty().addListener((obs, old, now) -> live.clear());
        viewModel.runState().runningProperty().addListener((obs, was, running) -> {
            if (running) {
                drain.play();
            } else {
                drain.stop();
                drainLive();
            }
        });
        viewModel.shownProperty().addListener((obs, old, now) -> show(now));
    }

    private void drainLive() {
        live.append(viewModel.drainLive(DRAIN_PER_TICK));
    }

    private void show(StoredBenchmark run) {
        long[] samples = run == null ? new long[0] : run.result().samplesNanos();
        live.showAll(samples);
        histogram.show(samples);
    }

    private static VBox figures(String id, String title, ObservableList<Figure> rows, double width) {
        TableView<Figure> table = Tables.figures(id);
        table.setItems(rows);
        table.setPlaceholder(Ui.placeholder("No run yet"));
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox box = new VBox(6, Ui.section(title), table);
        box.setPrefWidth(width);
        box.setMinWidth(width * 0.8);
        return box;
    }

    private TableView<StoredBenchmark> history() {
        TableView<StoredBenchmark> table = new TableView<>(viewModel.history());
        table.setId("bench-history");
        table.getStyleClass().add("dense");
        table.setPlaceholder(Ui.placeholder("No benchmark runs of this model yet"));
        VBox.setVgrow(table, Priority.ALWAYS);
        TableColumn<StoredBenchmark, Instant> when = Tables.column("When", StoredBenchmark::createdAt, Formats::when);
        when.setPrefWidth(135);
        TableColumn<StoredBenchmark, String> setup = Tables.number("Batch × threads",
                b -> b.result().config().batch() + " × " + b.result().config().threads(), s -> s);
        setup.setPrefWidth(120);
        TableColumn<StoredBenchmark, String> device = Tables.column("Device", viewModel::deviceName, d -> d);
        viewModel.thisComputerIdProperty().addListener((obs, old, now) -> table.refresh());
        device.setPrefWidth(140);
        // A run the device broke off stays in the history, marked, with the figures of the samples it kept.
        TableColumn<StoredBenchmark, String> runs = Tables.number("Runs", b -> Formats.count(b.result().stats().count())
                + (b.interrupted() ? " " + BenchmarkFigures.INTERRUPTED_MARK : ""), r -> r);
        TableColumn<StoredBenchmark, Double> p50 = Tables.number("p50", b -> b.result().stats().p50Ms(), Formats::millis);
        TableColumn<StoredBenchmark, Double> p99 = Tables.number("p99", b -> b.result().stats().p99Ms(), Formats::millis);
        TableColumn<StoredBenchmark, Double> throughput =
                Tables.number("Examples/s", b -> b.result().throughput(), v -> Formats.decimal(v, 1));
        table.getColumns().addAll(List.of(when, device, setup, runs, p50, p99, throughput));
        // Figures must stay readable; a narrow window scrolls the table sideways rather than cutting them.
        List.of(p50, p99, throughput).forEach(c -> c.setPrefWidth(85));
        runs.setPrefWidth(130);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                viewModel.show(now);
            }
        });
        Tables.copyableAsCsv(table);
        return table;
    }

    /** Stops the drain timer when the window goes away. */
    public void dispose() {
        drain.stop();
    }

    /** Points now drawn in the live chart; for tests. */
    public int livePoints() {
        return live.points();
    }
}
