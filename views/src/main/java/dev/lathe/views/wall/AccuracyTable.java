package dev.lathe.views.wall;

import dev.lathe.views.chart.ChartStyle;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.Tables;
import dev.lathe.views.common.Ui;
import java.awt.Color;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableList;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** The wall's evaluations side by side: one row per variant and device, each against this computer's top-1. */
final class AccuracyTable {
    private AccuracyTable() {
    }

    static TableView<AccuracyRow> of(ObservableList<AccuracyRow> rows) {
        TableView<AccuracyRow> table = new TableView<>(rows);
        table.setId("wall-accuracy-table");
        table.setPlaceholder(Ui.placeholder("Each variant's top-1 on each device appears here as the devices finish"));
        TableColumn<AccuracyRow, String> variant = Tables.column("Variant", AccuracyRow::variant, s -> s);
        variant.setPrefWidth(190);
        TableColumn<AccuracyRow, AccuracyRow> device = new TableColumn<>("Device");
        device.setCellValueFactory(r -> new ReadOnlyObjectWrapper<>(r.getValue()));
        device.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(AccuracyRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : row.device());
                Color colour = empty || row == null ? null : ChartStyle.series(row.deviceIndex());
                setStyle(colour == null ? "" : String.format("-fx-text-fill: #%02x%02x%02x; -fx-font-weight: bold;",
                        colour.getRed(), colour.getGreen(), colour.getBlue()));
            }
        });
        device.setPrefWidth(190);
        TableColumn<AccuracyRow, String> path = Tables.column("Int8 path", AccuracyRow::int8Path, s -> s);
        path.setPrefWidth(130);
        TableColumn<AccuracyRow, String> examples = Tables.number("Examples", r -> r.evaluation()
                .map(e -> Formats.count(e.result().samples())).orElse("–"), s -> s);
        examples.setPrefWidth(90);
        TableColumn<AccuracyRow, String> top1 = Tables.number("Top-1", r -> r.evaluation()
                .map(e -> Formats.accuracy(e.result().top1())).orElse("–"), s -> s);
        top1.setPrefWidth(90);
        TableColumn<AccuracyRow, String> against = Tables.column("Against this computer", AccuracyRow::comparison,
                s -> s);
        against.setPrefWidth(520);
        TableColumn<AccuracyRow, String> outcome = Tables.column("Run", AccuracyRow::outcome, s -> s);
        outcome.setPrefWidth(150);
        table.getColumns().addAll(List.of(variant, device, path, examples, top1, against, outcome));
        Tables.copyableAsCsv(table);
        return table;
    }
}
