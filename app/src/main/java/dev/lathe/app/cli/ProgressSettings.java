package dev.lathe.app.cli;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * How a command shows progress on its standard error: a bar when it is a terminal ({@code columns} wide), else a
 * plain line {@code every} so often; nothing during the first {@code quietFor}, so quick commands print only their
 * result.
 */
public record ProgressSettings(boolean terminal, IntSupplier columns, Duration quietFor, Duration every) {
    public static final Duration QUIET_FOR = Duration.ofSeconds(2);
    public static final Duration EVERY = Duration.ofSeconds(5);

    /** A stream that is no terminal, for a file or a pipe: a line every five seconds once two have passed. */
    public static ProgressSettings lines() {
        return new ProgressSettings(false, () -> 80, QUIET_FOR, EVERY);
    }

    /** A terminal whose width {@code columns} reads when a bar is drawn. */
    public static ProgressSettings terminal(IntSupplier columns) {
        return new ProgressSettings(true, columns, QUIET_FOR, EVERY);
    }
}
