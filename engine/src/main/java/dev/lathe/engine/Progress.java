package dev.lathe.engine;

/** How long work reports how far it got, without knowing who listens. Called from the working thread. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total, message) -> { };

    /** {@code total} is -1 when unknown. */
    void report(long done, long total, String message);
}
