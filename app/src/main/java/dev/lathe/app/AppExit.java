package dev.lathe.app;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the desktop app when its window closes: what it holds (this computer's runner, the device directory, the
 * store) is closed once, whichever comes first of Quit and a shutdown hook, and the JVM exits within {@link #LIMIT_MS}
 * even when a library keeps a thread alive (JmDNS's timers are not daemons) or a close hangs.
 */
final class AppExit {
    static final long LIMIT_MS = 1500;
    private static final Logger LOG = LoggerFactory.getLogger(AppExit.class);

    private final List<AutoCloseable> held;
    private final AtomicBoolean closed = new AtomicBoolean();

    AppExit(List<AutoCloseable> held) {
        this.held = List.copyOf(held);
    }

    /** For the shutdown hook: closes what is held, if Quit has not already. */
    void closeAll() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (AutoCloseable c : held) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Closing {} on exit failed: {}", c, e.getMessage());
            }
        }
    }

    /** The window has closed: close everything on a thread of its own, then end the JVM, in time either way. */
    void windowClosed() {
        Thread closing = new Thread(this::closeAll, "lathe-exit");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(LIMIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            LOG.warn("Closing took over {} ms; exiting anyway", LIMIT_MS);
        }
        LOG.info("Lathe exits");
        // halt, not exit: the shutdown hooks would close again what is already closed or hanging.
        Runtime.getRuntime().halt(0);
    }

}
