package dev.lathe.engine.report;

/**
 * One column of a report table: its key in the CSV header and the JSON, its label on the page, and how the page shows
 * its values (the CSV and JSON keep them as measured).
 */
public record Column(String key, String label, Shown shown) {

    /** How a value is shown on the page. */
    public enum Shown {
        TEXT, COUNT, MILLIS, PERCENT_OF_FRACTION, MIB_OF_BYTES, DECIMAL, HASH,
        /** Text that may run long (parameters, reasons): wrapped anywhere on the page. */
        PROSE,
        /** An ISO-8601 instant, shown to the second. */
        TIME
    }

    public static Column text(String key, String label) {
        return new Column(key, label, Shown.TEXT);
    }

    public static Column figure(String key, String label, Shown shown) {
        return new Column(key, label, shown);
    }
}
