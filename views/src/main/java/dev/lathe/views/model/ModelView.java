package dev.lathe.views.model;

import dev.lathe.engine.model.LayerInfo;
import dev.lathe.views.chart.ChartFiles;
import dev.lathe.views.chart.ChartMenu;
import dev.lathe.views.chart.OpHistogramChart;
import dev.lathe.views.common.Figure;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.Tables;
import dev.lathe.views.common.Ui;
import java.util.Locale;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Model tab: a summary card beside the op-type histogram, an ExecuTorch program's own sections, and the layers
 * (a program's calls) with their weights below.
 */
public final class ModelView extends VBox {
    private final ModelViewModel viewModel;
    private final GridPane card = new GridPane();
    private final OpHistogramChart ops = new OpHistogramChart();

    public ModelView(ModelViewModel viewModel, ChartFiles charts) {
        this.viewModel = viewModel;
        setId("model-view");
        getStyleClass().add("tab-body");
        setSpacing(12);
        card.setId("model-card");
        card.getStyleClass().add("card");
        card.setHgap(16);
        card.setVgap(6);
        card.getColumnConstraints().addAll(new ColumnConstraints(110), new ColumnConstraints());
        card.setMinWidth(360);
        card.setMaxWidth(560);
        ops.node().setMinSize(300, 240);
        HBox.setHgrow(ops.node(), Priority.ALWAYS);
        ChartMenu.attach(ops.node(), "op types", charts);
        HBox top = new HBox(12, card, ops.node());
        top.setMinHeight(280);
        TableView<LayerInfo> layers = layerTable();
        VBox.setVgrow(layers, Priority.ALWAYS);
        Label layersTitle = Ui.section("");
        layersTitle.textProperty().bind(viewModel.layersTitleProperty());
        getChildren().addAll(top, new ProgramView(viewModel.program()), layersTitle, layers);
        viewModel.card().addListener((ListChangeListener<Figure>) c -> fillCard());
        viewModel.ops().addListener((ListChangeListener<ModelViewModel.OpCount>) c -> fillOps());
        fillCard();
        fillOps();
    }

    private void fillCard() {
        card.getChildren().clear();
        int row = 0;
        for (Figure f : viewModel.card()) {
            Label name = new Label(f.name());
            name.getStyleClass().add("figure-name");
            Label value = new Label(f.value());
            value.setId("model-" + f.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
            value.getStyleClass().add("figure-value");
            value.setWrapText(true);
            card.addRow(row++, name, value);
        }
    }

    private void fillOps() {
        ops.show(viewModel.ops().stream().map(o -> Map.entry(o.op(), o.count())).toList());
    }

    private TableView<LayerInfo> layerTable() {
        TableView<LayerInfo> table = new TableView<>();
        table.setId("layer-table");
        table.getStyleClass().add("dense");
        table.setPlaceholder(Ui.placeholder("This model has no layers with weights"));
        TableColumn<LayerInfo, String> name = Tables.column("Layer", LayerInfo::name, s -> s);
        name.setPrefWidth(320);
        TableColumn<LayerInfo, String> op = Tables.column("Op", LayerInfo::op, s -> s);
        op.setPrefWidth(140);
        TableColumn<LayerInfo, Long> params = Tables.number("Parameters", LayerInfo::parameters, Formats::count);
        params.setPrefWidth(130);
        TableColumn<LayerInfo, Long> bytes = Tables.number("Bytes", LayerInfo::bytes, Formats::bytes);
        bytes.setPrefWidth(110);
        TableColumn<LayerInfo, Double> share = Tables.number("Share", LayerInfo::share, Formats::percent);
        share.setPrefWidth(90);
        table.getColumns().addAll(java.util.List.of(name, op, params, bytes, share));
        SortedList<LayerInfo> sorted = new SortedList<>(viewModel.layers());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Tables.copyableAsCsv(table);
        return table;
    }
}
