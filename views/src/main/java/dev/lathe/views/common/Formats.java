package dev.lathe.views.common;

import dev.lathe.engine.hardware.ByteSize;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How figures read on screen, in one place so every tab writes a size or a percentage the same way. */
public final class Formats {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Formats() {
    }

    public static String count(long n) {
        return String.format(Locale.getDefault(Locale.Category.FORMAT), "%,d", n);
    }

    /** Binary units, as file managers on Linux show them, written as the command line writes them: 1.50 MiB. */
    public static String bytes(long bytes) {
        return ByteSize.of(bytes, Locale.getDefault(Locale.Category.FORMAT));
    }

    /** In MiB whatever the size, for sizes on one scale (a chart's axis): 0.452 MiB, 1.71 MiB. */
    public static String mebibytes(double mebibytes) {
        return ByteSize.inMiB(mebibytes, Locale.getDefault(Locale.Category.FORMAT));
    }

    /** In MiB with the decimals a scale {@code step} apart needs: a chart's ticks, 0.5 MiB, 1.0 MiB. */
    public static String mebibytes(double mebibytes, double step) {
        return ByteSize.inMiB(mebibytes, step, Locale.getDefault(Locale.Category.FORMAT));
    }

    /** A fraction from 0 to 1 as a percentage with one decimal; NaN (a class with no examples) as a dash. */
    public static String percent(double fraction) {
        if (Double.isNaN(fraction)) {
            return "–";
        }
        return String.format(Locale.getDefault(Locale.Category.FORMAT), "%.1f %%", fraction * 100);
    }

    /** Top-1 with two decimals, as devices are compared to a tenth of a point (0.3 pp flags a gap). */
    public static String accuracy(double fraction) {
        if (Double.isNaN(fraction)) {
            return "–";
        }
        return String.format(Locale.getDefault(Locale.Category.FORMAT), "%.2f %%", fraction * 100);
    }

    /** Below a millisecond in microseconds, so fast models keep their significant digits. */
    public static String millis(double ms) {
        Locale locale = Locale.getDefault(Locale.Category.FORMAT);
        if (ms < 1) {
            return String.format(locale, "%.1f µs", ms * 1000);
        }
        return String.format(locale, ms < 100 ? "%.3f ms" : "%.1f ms", ms);
    }

    public static String decimal(double value, int places) {
        return String.format(Locale.getDefault(Locale.Category.FORMAT), "%." + places + "f", value);
    }

    public static String shape(long[] dims) {
        return Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining("×"));
    }

    public static String when(Instant instant) {
        return WHEN.format(instant.atZone(ZoneId.systemDefault()));
    }

    public static String when(long epochMillis) {
        return when(Instant.ofEpochMilli(epochMillis));
    }
}
