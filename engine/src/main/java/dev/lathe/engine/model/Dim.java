package dev.lathe.engine.model;

import java.util.Optional;

/** One dimension of a tensor shape: a fixed size, a named symbol (like "batch"), or unknown. */
public record Dim(long size, String symbol) implements java.io.Serializable {
    public static final Dim UNKNOWN = new Dim(-1, "");

    public static Dim fixed(long size) {
        return new Dim(size, "");
    }

    public static Dim symbolic(String symbol) {
        return new Dim(-1, symbol == null ? "" : symbol);
    }

    public boolean isFixed() {
        return size >= 0;
    }

    public Optional<Long> fixedSize() {
        return isFixed() ? Optional.of(size) : Optional.empty();
    }

    @Override
    public String toString() {
        if (isFixed()) {
            return Long.toString(size);
        }
        return symbol.isEmpty() ? "?" : symbol;
    }
}
