package dev.lathe.engine.report;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A table as RFC 4180 CSV: a header of column keys, then one line per row, CRLF between lines. Numbers are written as
 * measured (full precision); a cell with nothing measured is empty.
 */
final class Csv {
    private Csv() {
    }

    static String of(Table table) {
        StringBuilder out = new StringBuilder();
        line(out, table.columns().stream().map(Column::key).collect(Collectors.toList()));
        for (List<Object> row : table.rows()) {
            line(out, row.stream().map(Csv::text).collect(Collectors.toList()));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quoted(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String text(Object cell) {
        if (cell == null || cell instanceof Double d && !Double.isFinite(d)) {
            return "";
        }
        return cell.toString();
    }

    private static String quoted(String cell) {
        boolean needs = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                || cell.indexOf('\r') >= 0 || !cell.equals(cell.strip());
        return needs ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
