package dev.lathe.engine.export.pte;

/** A planned tensor's life: written first by instruction {@code first}, read last by instruction {@code last}. */
public record Lifetime(int value, long bytes, int first, int last) {
    public Lifetime {
        if (last < first) {
            throw new IllegalArgumentException("value " + value + " dies (" + last + ") before it is born (" + first + ")");
        }
    }

    boolean overlaps(Lifetime other) {
        return first <= other.last && other.first <= last;
    }
}
