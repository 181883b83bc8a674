package dev.lathe.app.cli;

import dev.lathe.engine.Progress;
import java.io.PrintWriter;

/** A one-line progress bar on stderr, only when stderr is a terminal, redrawn at most ten times a second. */
final class TerminalProgress implements Progress, AutoCloseable {
    private final PrintWriter err;
    private final boolean enabled;
    private long lastDraw;
    private boolean drawn;

    TerminalProgress(PrintWriter err) {
        this.err = err;
        this.enabled = System.console() != null;
    }

    @Override
    public void report(long done, long total, String message) {
        long now = System.nanoTime();
        if (!enabled || now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
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
