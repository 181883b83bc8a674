package dev.lathe.views.optimize;

import dev.lathe.engine.quantize.LayerError;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.views.chart.ChartFiles;
import dev.lathe.views.chart.ChartMenu;
import dev.lathe.views.chart.LayerErrorChart;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.Tables;
import dev.lathe.views.common.Ui;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * Why a variant lost accuracy, layer by layer: the SQNR chart beside a table of every quantized layer, each with a
 * button that keeps it in float and runs the recipe again.
 */
final class LayerErrorPane extends HBox {
    private final OptimizeViewModel viewModel;
    private final LayerErrorChart chart = new LayerErrorChart();
    private final TableView<LayerError> table = new TableView<>();

    LayerErrorPane(OptimizeViewModel viewModel, ChartFiles charts) {
        super(12);
        this.viewModel = viewModel;
        setId("layer-errors");
        table.setId("layer-error-table");
        table.getStyleClass().add("dense");
        table.setPlaceholder(Ui.placeholder("No per-layer report: it is measured on the calibration data when a "
                + "quantize step runs with some"));
        TableColumn<LayerError, String> node = Tables.column("Layer", LayerError::node, s -> s);
        TableColumn<LayerError, String> op = Tables.column("Op", LayerError::op, s -> s);
        TableColumn<LayerError, Double> sqnr = Tables.number("SQNR", LayerError::sqnrDb,
                db -> Formats.decimal(db, 1) + " dB");
        TableColumn<LayerError, Double> relative = Tables.number("Rel. error", LayerError::relativeError,
                Formats::percent);
        table.getColumns().addAll(List.of(node, op, sqnr, relative, keepColumn()));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        node.setPrefWidth(200);
        relative.setMinWidth(96);
        sqnr.setMinWidth(80);
        table.setPrefHeight(300);
        chart.node().setPrefSize(520, 300);
        chart.node().setMinHeight(240);
        ChartMenu.attach(chart.node(), "per-layer error", charts);
        Tables.copyableAsCsv(table);
        HBox.setHgrow(table, Priority.ALWAYS);
        getChildren().addAll(chart.node(), table);
        show(viewModel.reportProperty().get());
        viewModel.reportProperty().addListener((obs, old, now) -> show(now));
    }

    private void show(StoredVariant variant) {
        List<LayerError> errors = variant == null ? List.of() : variant.report().layerErrors();
        chart.show(errors);
        table.getItems().setAll(errors);
    }

    private TableColumn<LayerError, LayerError> keepColumn() {
        TableColumn<LayerError, LayerError> keep = new TableColumn<>("");
        keep.setSortable(false);
        keep.setMinWidth(130);
        keep.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        keep.setCellFactory(c -> new TableCell<>() {
            private final Button button = new Button("Keep in float");

            {
                button.getStyleClass().add("small");
                button.setTooltip(new Tooltip("Add this layer to the recipe's exclude list and run it again on the "
                        + "parent model"));
                button.disableProperty().bind(viewModel.runState().runningProperty());
            }

            @Override
            protected void updateItem(LayerError item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    return;
                }
                button.setId("keep-float-" + getIndex());
                button.setOnAction(e -> viewModel.keepInFloat(item));
                setGraphic(button);
            }
        });
        return keep;
    }
}
