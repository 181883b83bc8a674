package dev.lathe.views.common;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/** Table columns that sort by the value and show it formatted, so "1.2 MiB" sorts above "900 KiB". */
public final class Tables {
    private Tables() {
    }

    /** Room a header takes beside its title: padding on both sides and the sort arrow. */
    private static final double HEADER_SLACK = 34;

    public static <S, T> TableColumn<S, T> column(String title, Function<S, T> value, Function<T, String> text) {
        TableColumn<S, T> column = new TableColumn<>(title);
        column.setMinWidth(headerWidth(title));
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

    /**
     * The least width that shows a header's title whole ("Batch × threads", not "Batch × thr…"), in the bold face
     * headers are drawn with, so a narrow window scrolls the table sideways instead of cutting its headers.
     */
    public static double headerWidth(String title) {
        if (title.isEmpty()) {
            return 10;
        }
        Text measured = new Text(title);
        // The theme sets 13 px on the root (lathe.css).
        measured.setFont(Font.font(Font.getDefault().getFamily(), FontWeight.BOLD,
                Math.max(13, Font.getDefault().getSize())));
        return Math.ceil(measured.getLayoutBounds().getWidth()) + HEADER_SLACK;
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
