package dev.lathe.views.wall;

import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.views.chart.ChartStyle;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.Tables;
import dev.lathe.views.common.Ui;
import java.awt.Color;
import java.util.List;
import java.util.function.Function;
import javafx.collections.ObservableList;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** The runs side by side once they end: one row per variant and device, the device's name in its colour. */
final class WallTable {
    private WallTable() {
    }

    static TableView<WallRow> of(ObservableList<WallRow> rows) {
        TableView<WallRow> table = new TableView<>(rows);
        table.setId("wall-table");
        table.setPlaceholder(Ui.placeholder("The runs appear here side by side as each device finishes"));
        TableColumn<WallRow, String> variant = Tables.column("Variant", WallRow::variant, s -> s);
        variant.setPrefWidth(170);
        TableColumn<WallRow, WallRow> device = new TableColumn<>("Device");
        device.setCellValueFactory(r -> new javafx.beans.property.ReadOnlyObjectWrapper<>(r.getValue()));
        device.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(WallRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : row.device());
                if (empty || row == null) {
                    setStyle("");
                } else {
                    Color c = ChartStyle.series(row.deviceIndex());
                    setStyle(String.format("-fx-text-fill: #%02x%02x%02x; -fx-font-weight: bold;", c.getRed(),
                            c.getGreen(), c.getBlue()));
                }
            }
        });
        device.setPrefWidth(170);
        TableColumn<WallRow, String> warning = Tables.column("Throttling", WallRow::warning,
                s -> s.isEmpty() ? "none seen" : "⚠ " + s);
        warning.setPrefWidth(260);
        TableColumn<WallRow, String> outcome = Tables.column("Run", WallRow::outcome, s -> s);
        outcome.setPrefWidth(150);
        table.getColumns().addAll(List.of(variant, device,
                stat("p50", LatencyStats::p50Ms), stat("p90", LatencyStats::p90Ms), stat("p99", LatencyStats::p99Ms),
                figure("Examples/s", WallRow::throughput, v -> Formats.decimal(v, 1)),
                figure("Load", WallRow::loadMillis, Formats::millis),
                memory(), temperature(), warning, outcome));
        Tables.copyableAsCsv(table);
        return table;
    }

    private static TableColumn<WallRow, Long> memory() {
        TableColumn<WallRow, Long> c = Tables.number("Peak memory", WallRow::peakRssBytes,
                b -> b < 0 ? "–" : Formats.bytes(b));
        c.setPrefWidth(110);
        return c;
    }

    private static TableColumn<WallRow, String> temperature() {
        TableColumn<WallRow, String> c = Tables.column("Temperature", WallRow::temperature, s -> s);
        c.setPrefWidth(130);
        return c;
    }

    private static TableColumn<WallRow, Double> stat(String title, Function<LatencyStats, Double> value) {
        TableColumn<WallRow, Double> c = Tables.number(title,
                r -> r.stats().map(value).orElse(Double.NaN), v -> v.isNaN() ? "–" : Formats.millis(v));
        c.setPrefWidth(90);
        return c;
    }

    private static TableColumn<WallRow, Double> figure(String title, Function<WallRow, Double> value,
                                                       Function<Double, String> text) {
        TableColumn<WallRow, Double> c = Tables.number(title, value, v -> v.isNaN() ? "–" : text.apply(v));
        c.setPrefWidth(95);
        return c;
    }

}
