package dev.lathe.views.common;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

/** Table columns that sort by the value and show it formatted, so "1.2 MiB" sorts above "900 KiB". */
public final class Tables {
    private Tables() {
    }

    public static <S, T> TableColumn<S, T> column(String title, Function<S, T> value, Function<T, String> text) {
        TableColumn<S, T> column = new TableColumn<>(title);
        column.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(value.apply(row.getValue())));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : text.apply(item));
            }
        });
        return column;
    }

    /** A right-aligned column, for figures. */
    public static <S, T> TableColumn<S, T> number(String title, Function<S, T> value, Function<T, String> text) {
        TableColumn<S, T> column = column(title, value, text);
        column.setStyle("-fx-alignment: CENTER-RIGHT;");
        return column;
    }

    /** A two-column table of named figures. */
    public static TableView<Figure> figures(String id) {
        TableView<Figure> table = new TableView<>();
        table.setId(id);
        TableColumn<Figure, String> name = column("", Figure::name, s -> s);
        name.setSortable(false);
        name.setPrefWidth(120);
        name.setMinWidth(105);
        TableColumn<Figure, String> value = new TableColumn<>("");
        value.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue().value()));
        value.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                // Long values (a device's details) are cut by the column; the tooltip shows them whole.
                setTooltip(empty || item == null || item.length() < 28 ? null : new Tooltip(item));
            }
        });
        value.setSortable(false);
        value.setPrefWidth(260);
        table.getColumns().add(name);
        table.getColumns().add(value);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getStyleClass().addAll("figure-table", "dense");
        return table;
    }
}
