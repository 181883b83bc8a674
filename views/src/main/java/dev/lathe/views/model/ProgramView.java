package dev.lathe.views.model;

import dev.lathe.views.common.Figure;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.Tables;
import dev.lathe.views.common.Ui;
import java.util.List;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Model tab's sections for an ExecuTorch program: a card (schema, methods, constants, planned memory, segments)
 * beside its operators by full name and its delegates. Hidden for every other model.
 */
final class ProgramView extends VBox {
    private final ProgramViewModel viewModel;
    private final GridPane card = new GridPane();

    ProgramView(ProgramViewModel viewModel) {
        this.viewModel = viewModel;
        setId("program-view");
        setSpacing(8);
        visibleProperty().bind(viewModel.programProperty());
        managedProperty().bind(visibleProperty());
        card.setId("program-card");
        card.getStyleClass().add("card");
        card.setHgap(16);
        card.setVgap(6);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        card.getColumnConstraints().addAll(new ColumnConstraints(120), values);
        card.setMinWidth(380);
        card.setPrefWidth(420);
        card.setMaxWidth(480);
        Label status = new Label();
        status.setId("program-status");
        status.setWrapText(true);
        status.getStyleClass().add("status");
        status.textProperty().bind(viewModel.statusProperty());
        status.visibleProperty().bind(viewModel.statusProperty().isNotEmpty());
        status.managedProperty().bind(status.visibleProperty());
        TableView<ProgramViewModel.DelegateRow> delegates = delegateTable();
        VBox delegateBox = new VBox(6, Ui.section("Delegates"), delegates);
        VBox.setVgrow(delegates, Priority.ALWAYS);
        HBox.setHgrow(delegateBox, Priority.SOMETIMES);
        delegateBox.setMinWidth(Region.USE_PREF_SIZE);
        TableView<ProgramViewModel.OperatorRow> operators = operatorTable();
        VBox operatorBox = new VBox(6, Ui.section("Operators and delegate calls, by full name"), operators);
        VBox.setVgrow(operators, Priority.ALWAYS);
        HBox.setHgrow(operatorBox, Priority.ALWAYS);
        // One row beside the card: the tab keeps room for the calls below without scrolling.
        HBox row = new HBox(12, card, operatorBox, delegateBox);
        row.setMinHeight(Region.USE_PREF_SIZE);
        getChildren().addAll(Ui.section("ExecuTorch program"), status, row);
        setMinHeight(Region.USE_PREF_SIZE);
        viewModel.figures().addListener((ListChangeListener<Figure>) c -> fillCard());
        fillCard();
    }

    private void fillCard() {
        card.getChildren().clear();
        int row = 0;
        for (Figure f : viewModel.figures()) {
            Label name = new Label(f.name());
            name.getStyleClass().add("figure-name");
            Label value = new Label(f.value());
            value.setId("program-" + f.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-" + row);
            value.getStyleClass().add("figure-value");
            value.setWrapText(true);
            value.setMinHeight(Region.USE_PREF_SIZE); // a method's three lines, a long list of segments: all shown
            name.setMinWidth(Region.USE_PREF_SIZE);
            card.addRow(row++, name, value);
        }
    }

    private TableView<ProgramViewModel.OperatorRow> operatorTable() {
        TableView<ProgramViewModel.OperatorRow> table = new TableView<>();
        table.setId("program-operators");
        table.getStyleClass().add("dense");
        table.setPlaceholder(Ui.placeholder("This program calls no kernels"));
        TableColumn<ProgramViewModel.OperatorRow, String> method = Tables.column("Method",
                ProgramViewModel.OperatorRow::method, s -> s);
        method.setPrefWidth(80);
        TableColumn<ProgramViewModel.OperatorRow, String> op = Tables.column("Operator",
                ProgramViewModel.OperatorRow::operator, s -> s);
        op.setPrefWidth(300);
        TableColumn<ProgramViewModel.OperatorRow, Integer> calls = Tables.number("Calls",
                ProgramViewModel.OperatorRow::calls, n -> Formats.count(n));
        calls.setPrefWidth(60);
        method.setMinWidth(80);
        calls.setMinWidth(50);
        table.getColumns().addAll(List.of(method, calls, op)); // the long names last, where the spare width goes
        SortedList<ProgramViewModel.OperatorRow> sorted = new SortedList<>(viewModel.operators());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(180);
        table.setMinHeight(140);
        table.setPrefWidth(440);
        Tables.copyableAsCsv(table);
        return table;
    }

    private TableView<ProgramViewModel.DelegateRow> delegateTable() {
        TableView<ProgramViewModel.DelegateRow> table = new TableView<>();
        table.setId("program-delegates");
        table.getStyleClass().add("dense");
        table.setPlaceholder(Ui.placeholder("No delegates: every call runs on ExecuTorch's portable kernels"));
        TableColumn<ProgramViewModel.DelegateRow, String> method = Tables.column("Method",
                ProgramViewModel.DelegateRow::method, s -> s);
        method.setPrefWidth(80);
        TableColumn<ProgramViewModel.DelegateRow, String> backend = Tables.column("Backend",
                ProgramViewModel.DelegateRow::backend, s -> s);
        backend.setPrefWidth(150);
        TableColumn<ProgramViewModel.DelegateRow, Long> bytes = Tables.number("Payload",
                ProgramViewModel.DelegateRow::bytes, Formats::bytes);
        bytes.setPrefWidth(90);
        table.getColumns().addAll(List.of(method, backend, bytes));
        table.setItems(viewModel.delegates());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(180);
        table.setMinHeight(140);
        table.setPrefWidth(340);
        Tables.copyableAsCsv(table);
        return table;
    }
}
