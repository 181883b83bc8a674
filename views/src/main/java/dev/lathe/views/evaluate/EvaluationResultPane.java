package dev.lathe.views.evaluate;

import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.views.chart.ChartFiles;
import dev.lathe.views.chart.ChartMenu;
import dev.lathe.views.chart.ConfusionHeatMap;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.Tables;
import dev.lathe.views.common.Ui;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** One evaluation: headline accuracy and how it was measured, the confusion heat map, and accuracy per class. */
final class EvaluationResultPane extends HBox {
    private final Label top1 = figure("eval-top1", "headline");
    private final Label top5 = figure("eval-top5", "figure-value");
    private final Label samples = figure("eval-samples", "figure-value");
    private final Label dataset = figure("eval-dataset-name", "figure-value");
    private final Label preprocessing = figure("eval-preprocessing", "figure-value");
    private final Label runtime = figure("eval-runtime", "figure-value");
    private final ConfusionHeatMap heatMap = new ConfusionHeatMap();
    private final TableView<ClassRow> perClass = new TableView<>();

    /** One row of the per-class table. */
    record ClassRow(String name, int examples, double accuracy) {
    }

    EvaluationResultPane(ChartFiles charts) {
        setSpacing(12);
        VBox figures = new VBox(4, caption("Top-1 accuracy"), top1, caption("Top-5 accuracy"), top5,
                caption("Examples"), samples, caption("Dataset"), dataset, caption("Preprocessing"), preprocessing,
                caption("Runtime and time"), runtime);
        figures.getStyleClass().add("card");
        figures.setPrefWidth(260);
        figures.setMinWidth(220);
        HBox.setHgrow(heatMap, Priority.ALWAYS);
        perClassTable();
        ChartMenu.attach(heatMap, heatMap::drawing, () -> "confusion matrix", charts);
        getChildren().addAll(figures, heatMap, perClass);
        show(null);
    }

    private void perClassTable() {
        perClass.setId("per-class");
        perClass.getStyleClass().add("dense");
        perClass.setPlaceholder(Ui.placeholder("No evaluation yet"));
        TableColumn<ClassRow, String> name = Tables.column("Class", ClassRow::name, s -> s);
        TableColumn<ClassRow, Integer> examples = Tables.number("Examples", ClassRow::examples, i -> Formats.count(i));
        TableColumn<ClassRow, Double> accuracy = Tables.number("Accuracy", ClassRow::accuracy, Formats::percent);
        perClass.getColumns().addAll(List.of(name, examples, accuracy));
        perClass.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        perClass.setPrefWidth(270);
        perClass.setMinWidth(220);
        Tables.copyableAsCsv(perClass);
    }

    void show(StoredEvaluation evaluation) {
        if (evaluation == null) {
            List.of(top1, top5, samples, dataset, preprocessing, runtime).forEach(l -> l.setText("–"));
            heatMap.show(new int[0][0], List.of());
            perClass.getItems().clear();
            return;
        }
        EvaluationResult r = evaluation.result();
        top1.setText(Formats.percent(r.top1()));
        top5.setText(r.top5().map(Formats::percent).orElse("– (5 classes or fewer)"));
        samples.setText(Formats.count(r.samples()));
        dataset.setText(evaluation.datasetName() + " · " + evaluation.datasetSha256().substring(0, 12));
        preprocessing.setText(r.preprocessing());
        runtime.setText(r.runtime() + " · " + Formats.decimal(r.elapsedMillis() / 1000.0, 2) + " s · "
                + Formats.when(evaluation.createdAt()));
        heatMap.show(r.confusion(), r.classNames());
        perClass.getItems().setAll(rows(r));
    }

    private static List<ClassRow> rows(EvaluationResult r) {
        List<ClassRow> rows = new ArrayList<>();
        for (int c = 0; c < r.classNames().size(); c++) {
            int examples = 0;
            if (r.confusion() != null && c < r.confusion().length) {
                for (int v : r.confusion()[c]) {
                    examples += v;
                }
            }
            Double accuracy = c < r.perClassAccuracy().size() ? r.perClassAccuracy().get(c) : null;
            rows.add(new ClassRow(r.classNames().get(c), examples, accuracy == null ? Double.NaN : accuracy));
        }
        return rows;
    }

    private static Label figure(String id, String style) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add(style);
        label.setWrapText(true);
        return label;
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("figure-name");
        return label;
    }
}
