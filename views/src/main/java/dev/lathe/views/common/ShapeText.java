package dev.lathe.views.common;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Reads and writes an input shape as a user types it: sizes joined by x, like {@code 1x1x28x28}. */
public final class ShapeText {
    public static final int MAX_DIMS = 8;
    private static final String EXAMPLE = "like 1x1x28x28 (batch × channels × height × width)";

    private ShapeText() {
    }

    /**
     * Accepts x, × or commas between sizes, with spaces anywhere.
     *
     * @throws IllegalArgumentException with a message that says what to type instead
     */
    public static long[] parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("Give the input shape " + EXAMPLE);
        }
        String[] parts = text.trim().split("\\s*[xX×,]\\s*", -1);
        if (parts.length > MAX_DIMS) {
            throw new IllegalArgumentException("A shape has at most " + MAX_DIMS + " sizes; got " + parts.length);
        }
        long[] dims = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            dims[i] = size(parts[i], text);
        }
        return dims;
    }

    public static String format(long[] dims) {
        return Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining("x"));
    }

    private static long size(String part, String text) {
        if (!part.matches("\\d{1,9}")) {
            String what = part.isEmpty() ? "an empty size" : "'" + part + "'";
            throw new IllegalArgumentException("'" + text.trim() + "' has " + what
                    + "; give whole numbers joined by x, " + EXAMPLE);
        }
        long size = Long.parseLong(part);
        if (size < 1) {
            throw new IllegalArgumentException("'" + text.trim() + "' has a size of 0; every size must be 1 or more");
        }
        return size;
    }
}
