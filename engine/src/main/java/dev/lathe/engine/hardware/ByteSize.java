package dev.lathe.engine.hardware;

import java.util.Locale;

/**
 * How a memory or file size reads for people, in one place so a device's memory, a process's peak and a model's file
 * are never "24105.22 MiB" in one line and "23.5 GiB" in the next: binary units, the largest that keeps the figure at
 * under 1000, three significant digits at most ("23.5 GiB", "121 MiB", "1.71 MiB", "512 B").
 */
public final class ByteSize {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

    private ByteSize() {
    }

    /**
     * How a file's size compares with another's, to go before that other's name: "3.87x smaller than", "1.20x larger
     * than", "about the same size as" where the ratio rounds to 1.00, "the same size as" where the bytes are equal.
     */
    public static String comparedWith(long bytes, long otherBytes) {
        if (bytes == otherBytes) {
            return "the same size as";
        }
        boolean smaller = bytes < otherBytes;
        String ratio = String.format(Locale.ROOT, "%.2f", smaller ? (double) otherBytes / bytes
                : (double) bytes / otherBytes);
        return ratio.equals("1.00") ? "about the same size as" : ratio + "x " + (smaller ? "smaller" : "larger") + " than";
    }

    /**
     * In MiB whatever the size, three significant digits ("0.452 MiB", "1.71 MiB", "121 MiB"), for sizes read
     * against each other on one scale, such as a chart's axis.
     */
    public static String inMiB(double mebibytes, Locale locale) {
        double abs = Math.abs(mebibytes);
        String pattern = abs >= 99.95 ? "%.0f MiB" : abs >= 9.995 ? "%.1f MiB" : abs >= 0.9995 || abs == 0
                ? "%.2f MiB" : "%.3f MiB";
        return String.format(locale, pattern, mebibytes);
    }

    /**
     * In MiB with as many decimals as {@code step} needs (at most three), for figures a step apart on one scale, such
     * as a chart's ticks: 0.25 apart reads "0.25 MiB", "0.50 MiB", "0.75 MiB"; 0.5 apart, "0.5 MiB", "1.0 MiB".
     */
    public static String inMiB(double mebibytes, double step, Locale locale) {
        int decimals = 0;
        while (decimals < 3 && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals)))
                > 1e-6 * Math.pow(10, decimals)) {
            decimals++;
        }
        return String.format(locale, "%." + decimals + "f MiB", mebibytes);
    }

    /** With a full stop for the decimal point, as the command line and files write figures. */
    public static String of(long bytes) {
        return of(bytes, Locale.ROOT);
    }

    /** With the decimal point of {@code locale}, as a screen writes figures. */
    public static String of(long bytes, Locale locale) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 999.5 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String pattern = value >= 99.95 ? "%.0f %s" : value >= 9.995 ? "%.1f %s" : "%.2f %s";
        return String.format(locale, pattern, value, UNITS[unit]);
    }
}
