package dev.lathe.views.common;

/** One named figure in a two-column table, like "p99" and "1.234 ms". */
public record Figure(String name, String value) {
}
