package dev.lathe.app.cli;

import dev.lathe.engine.Progress;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr, only when stderr is a terminal. Updates of the same message ("Sending x", its
 * count rising) are redrawn at most ten times a second; a message that says something else ("Link to … lost") is
 * drawn at once, because no later update may come to replace a skipped one for a long while.
 */
final class TerminalProgress implements Progress, AutoCloseable {
    private static final long REDRAW_NANOS = 100_000_000L;
    private final PrintWriter err;
    private final boolean enabled;
    private final LongSupplier nanoTime;
    private long lastDraw;
    private String lastWords;
    private boolean drawn;

    TerminalProgress(PrintWriter err) {
        this(err, System.console() != null, System::nanoTime);
    }

    TerminalProgress(PrintWriter err, boolean enabled, LongSupplier nanoTime) {
        this.err = err;
        this.enabled = enabled;
        this.nanoTime = nanoTime;
    }

    @Override
    public void report(long done, long total, String message) {
        if (!enabled) {
            return;
        }
        long now = nanoTime.getAsLong();
        String words = message.replaceAll("[0-9.]+", "#");
        if (drawn && words.equals(lastWords) && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        lastWords = words;
        String bar = "";
        if (total > 0) {
            int filled = (int) (30 * done / total);
            bar = "[" + "#".repeat(filled) + " ".repeat(30 - filled) + "] ";
        }
        err.print("\r" + bar + message + "   ");
        err.flush();
        drawn = true;
    }

    @Override
    public void close() {
        if (drawn) {
            err.print("\r" + " ".repeat(79) + "\r");
            err.flush();
        }
    }
}
