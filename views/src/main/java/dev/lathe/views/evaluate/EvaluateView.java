package dev.lathe.views.evaluate;

import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.views.chart.ChartFiles;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.Tables;
import dev.lathe.views.common.Ui;
import java.time.Instant;
import java.util.List;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Evaluate tab: the form, the evaluation on show, and the model's earlier evaluations to pick from. */
public final class EvaluateView extends VBox {

    public EvaluateView(EvaluateViewModel viewModel, ChartFiles charts) {
        setId("evaluate-view");
        getStyleClass().add("tab-body");
        setSpacing(12);
        EvaluationResultPane result = new EvaluationResultPane(charts);
        VBox.setVgrow(result, Priority.ALWAYS);
        viewModel.shownProperty().addListener((obs, old, now) -> result.show(now));
        TableView<StoredEvaluation> history = history(viewModel);
        getChildren().addAll(new EvaluationForm(viewModel), result, Ui.section("Earlier evaluations of this model"),
                history);
    }

    private static TableView<StoredEvaluation> history(EvaluateViewModel viewModel) {
        TableView<StoredEvaluation> table = new TableView<>(viewModel.history());
        table.setId("eval-history");
        table.getStyleClass().add("dense");
        table.setPrefHeight(150);
        table.setMinHeight(110);
        table.setPlaceholder(Ui.placeholder("No evaluations of this model yet"));
        TableColumn<StoredEvaluation, Instant> when =
                Tables.column("When", StoredEvaluation::createdAt, Formats::when);
        when.setMinWidth(130);
        TableColumn<StoredEvaluation, String> dataset = Tables.column("Dataset", StoredEvaluation::datasetName, s -> s);
        TableColumn<StoredEvaluation, Integer> samples =
                Tables.number("Examples", e -> e.result().samples(), i -> Formats.count(i));
        TableColumn<StoredEvaluation, Double> top1 = Tables.number("Top-1", e -> e.result().top1(), Formats::percent);
        TableColumn<StoredEvaluation, Double> top5 =
                Tables.number("Top-5", e -> e.result().top5().orElse(Double.NaN), Formats::percent);
        TableColumn<StoredEvaluation, String> pre =
                Tables.column("Preprocessing", e -> e.result().preprocessing(), s -> s);
        table.getColumns().addAll(List.of(when, dataset, samples, top1, top5, pre));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Tables.copyableAsCsv(table);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                viewModel.show(now);
            }
        });
        return table;
    }
}
