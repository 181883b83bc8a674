package dev.lathe.engine.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One table of a report, the same in its CSV file, its JSON and on its page. A cell is a {@link String}, a
 * {@link Number}, or null where nothing was measured (an interrupted run's load time).
 *
 * @param name the table's file name without {@code .csv}, and its key in the JSON
 * @param note what the reader should know about the whole table, or empty
 */
public record Table(String name, String title, String note, List<Column> columns, List<List<Object>> rows) {
    public Table {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>();
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(name + ": a row has " + row.size() + " cells for "
                        + columns.size() + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** As its CSV file has it: RFC 4180, a header of the column keys, CRLF between lines. */
    public String csv() {
        return Csv.of(this);
    }
}
