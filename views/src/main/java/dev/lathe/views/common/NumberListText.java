package dev.lathe.views.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads an optional list of numbers a user typed, like a per-channel mean {@code 0.485, 0.456, 0.406}. */
public final class NumberListText {
    private NumberListText() {
    }

    /**
     * Empty text means "not given". Commas, semicolons or spaces separate the numbers.
     *
     * @param field named in the message, like "Mean"
     * @throws IllegalArgumentException naming the field and the bad number
     */
    public static Optional<List<Double>> parse(String text, String field, boolean positive) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        List<Double> values = new ArrayList<>();
        for (String part : text.trim().split("[\\s,;]+")) {
            double v;
            try {
                v = Double.parseDouble(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + ": '" + part + "' is not a number");
            }
            if (!Double.isFinite(v) || (positive && v <= 0)) {
                throw new IllegalArgumentException(field + ": " + part + (positive ? " must be above 0" : " is not finite"));
            }
            values.add(v);
        }
        return Optional.of(List.copyOf(values));
    }
}
