package dev.lathe.engine.report;

import java.util.List;
import java.util.Locale;

/**
 * A report table on the page. A table of many columns (provenance) is shown as one small key/value block per row,
 * so that it stays readable on a printed page; its cells are the same.
 */
final class HtmlTables {
    /** Past this many columns a table is printed row by row. */
    static final int WIDEST_TABLE = 14;
    static final String NOTHING = "\u2013";

    private HtmlTables() {
    }

    static void append(StringBuilder s, Table t) {
        s.append("<section class=\"table\" id=\"").append(t.name()).append("\">\n<div class=\"head\"><h2>")
                .append(Html.escape(t.title())).append("</h2>\n");
        if (!t.note().isEmpty()) {
            s.append("<p class=\"note\">").append(Html.escape(t.note())).append("</p>\n");
        }
        s.append("</div>\n");
        if (t.isEmpty()) {
            s.append("<p class=\"empty\">None stored.</p>\n");
        } else if (t.columns().size() > WIDEST_TABLE) {
            blocks(s, t);
        } else {
            table(s, t);
        }
        s.append("</section>\n");
    }

    private static void table(StringBuilder s, Table t) {
        s.append("<table class=\"data\">\n<thead><tr>");
        for (Column c : t.columns()) {
            s.append("<th").append(numeric(c) ? " class=\"num\"" : "").append('>').append(Html.escape(c.label()))
                    .append("</th>");
        }
        s.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : t.rows()) {
            s.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                cell(s, "td", t.columns().get(i), row.get(i));
            }
            s.append("</tr>\n");
        }
        s.append("</tbody>\n</table>\n");
    }

    private static void blocks(StringBuilder s, Table t) {
        for (List<Object> row : t.rows()) {
            s.append("<table class=\"block\">\n<tbody>\n");
            for (int i = 0; i < row.size(); i++) {
                s.append("<tr><th>").append(Html.escape(t.columns().get(i).label())).append("</th>");
                Column c = t.columns().get(i);
                cell(s, "td", c.shown() == Column.Shown.TEXT ? Column.figure(c.key(), c.label(), Column.Shown.PROSE) : c,
                        row.get(i));
                s.append("</tr>\n");
            }
            s.append("</tbody>\n</table>\n");
        }
    }

    private static void cell(StringBuilder s, String tag, Column c, Object value) {
        s.append('<').append(tag);
        if (numeric(c)) {
            s.append(" class=\"num\"");
        } else if (c.shown() == Column.Shown.HASH && value != null) {
            s.append(" class=\"hash\" title=\"").append(Html.escape(value.toString())).append('"');
        } else if (c.shown() == Column.Shown.PROSE) {
            s.append(" class=\"long\"");
        } else if (c.shown() == Column.Shown.TIME) {
            s.append(" class=\"time\"");
        }
        s.append('>').append(Html.escape(shown(c.shown(), value))).append("</").append(tag).append('>');
    }

    private static boolean numeric(Column c) {
        return switch (c.shown()) {
            case TEXT, HASH, PROSE, TIME -> false;
            default -> true;
        };
    }

    /** A value as the page shows it; the CSV and JSON keep it as measured. */
    static String shown(Column.Shown shown, Object value) {
        if (value == null || value instanceof Double d && !Double.isFinite(d)) {
            return NOTHING;
        }
        if (!(value instanceof Number n)) {
            String text = value.toString();
            if (shown == Column.Shown.HASH && text.length() > 12) {
                return text.substring(0, 12);
            }
            return shown == Column.Shown.TIME && text.length() > 19 ? text.substring(0, 19).replace('T', ' ') : text;
        }
        double v = n.doubleValue();
        return switch (shown) {
            case COUNT -> String.format(Locale.ROOT, "%,d", n.longValue());
            case MILLIS -> String.format(Locale.ROOT, "%.3f", v);
            case PERCENT_OF_FRACTION -> String.format(Locale.ROOT, "%.2f %%", v * 100);
            case MIB_OF_BYTES -> String.format(Locale.ROOT, v < 104858 ? "%.3f" : "%.2f", v / 1048576);
            case DECIMAL -> decimal(v);
            case TEXT, HASH, PROSE, TIME -> n.toString();
        };
    }

    private static String decimal(double v) {
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : "%.4f", v);
    }
}
