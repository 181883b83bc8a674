package dev.lathe.views.common;

import dev.lathe.engine.report.Column;
import dev.lathe.engine.report.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/** Table columns that sort by the value and show it formatted, so "1.2 MiB" sorts above "900 KiB". */
public final class Tables {
    private Tables() {
    }

    /** The item every table's context menu has. */
    public static final String COPY_AS_CSV = "Copy as CSV";

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

    /** Room a cell takes beside its text: the dense tables' padding on both sides. */
    private static final double CELL_SLACK = 24;

    /**
     * Makes {@code column} at least wide enough for its title and for each of {@code texts} as its cells draw them,
     * so a value such as "ExecuTorch XNNPACK (.pte)" is never cut to "ExecuTorch XNN…".
     */
    public static void fitTo(TableColumn<?, ?> column, Collection<String> texts) {
        Text measured = new Text();
        measured.setFont(Font.font(Font.getDefault().getFamily(), Math.max(13, Font.getDefault().getSize())));
        double widest = headerWidth(column.getText());
        for (String text : texts) {
            measured.setText(text);
            widest = Math.max(widest, Math.ceil(measured.getLayoutBounds().getWidth()) + CELL_SLACK);
        }
        column.setMinWidth(widest);
        column.setPrefWidth(Math.max(column.getPrefWidth(), widest));
    }

    /** Shows each cell's text as the column's cells do, with a tooltip where {@code why} has something to say. */
    public static <S> void explained(TableColumn<S, String> column, Function<S, Optional<String>> why) {
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                S row = empty || getTableRow() == null ? null : getTableRow().getItem();
                setTooltip(row == null ? null : why.apply(row).map(Tooltip::new).orElse(null));
            }
        });
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
        copyableAsCsv(table);
        return table;
    }

    /**
     * Adds Copy as CSV to the table's context menu, after what it already holds: the table as {@link #csv} writes it,
     * on the clipboard as plain text.
     */
    public static void copyableAsCsv(TableView<?> table) {
        MenuItem copy = new MenuItem(COPY_AS_CSV);
        copy.setOnAction(e -> {
            ClipboardContent text = new ClipboardContent();
            text.putString(csv(table));
            Clipboard.getSystemClipboard().setContent(text);
        });
        if (table.getContextMenu() == null) {
            table.setContextMenu(new ContextMenu());
        }
        table.getContextMenu().getItems().add(copy);
    }

    /**
     * The table as it reads on screen, as RFC 4180 CSV (the report's own writer): the shown columns' titles (a
     * grouped column's under its group's, "This computer p50"), then each row in the order shown, each cell's text as
     * its cell draws it. A table whose columns have no titles (a list of named figures) has no header line.
     */
    public static <S> String csv(TableView<S> table) {
        List<TableColumn<S, ?>> shown = table.getVisibleLeafColumns();
        List<Column> columns = new ArrayList<>();
        for (TableColumn<S, ?> c : shown) {
            String title = title(c);
            columns.add(Column.text(title, title));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < table.getItems().size(); i++) {
            List<Object> row = new ArrayList<>();
            for (TableColumn<S, ?> c : shown) {
                row.add(shownText(table, c, i));
            }
            rows.add(row);
        }
        String csv = new Table("table", "", "", columns, rows).csv();
        boolean titled = columns.stream().anyMatch(c -> !c.key().isBlank());
        return titled ? csv : csv.substring(csv.indexOf("\r\n") + 2);
    }

    private static String title(javafx.scene.control.TableColumnBase<?, ?> column) {
        String title = column.getText() == null ? "" : column.getText();
        javafx.scene.control.TableColumnBase<?, ?> group = column.getParentColumn();
        return group == null || group.getText() == null || group.getText().isBlank() ? title
                : title(group) + " " + title;
    }

    /** What the column's own cell shows for row {@code index}: its text, else (a tick box) its value. */
    private static <S, T> String shownText(TableView<S> table, TableColumn<S, T> column, int index) {
        TableCell<S, T> cell = column.getCellFactory().call(column);
        try {
            cell.updateTableView(table);
            cell.updateTableColumn(column);
            cell.updateIndex(index);
            if (cell.getText() != null) {
                return cell.getText();
            }
            T value = column.getCellData(index);
            return value == null ? "" : value.toString();
        } finally {
            cell.updateIndex(-1);
            cell.updateTableColumn(null);
            cell.updateTableView(null);
        }
    }
}
