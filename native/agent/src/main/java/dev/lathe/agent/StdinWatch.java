package dev.lathe.agent;

import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;

/**
 * Ends the agent when its parent goes away. A workbench that starts the agent as a child keeps the child's standard
 * input open; the operating system closes it however the workbench ends (even {@code kill -9}), which a shutdown hook
 * in the workbench could not catch.
 */
final class StdinWatch {
    private StdinWatch() {
    }

    static void exitWhenClosed(InputStream stdin, Logger log) {
        Thread watch = new Thread(() -> {
            try {
                byte[] buffer = new byte[256];
                while (stdin.read(buffer) >= 0) {
                    // Nothing is sent on this stream; reading only waits for its end.
                }
            } catch (IOException e) {
                log.info("Standard input failed ({}); stopping as if it had closed", e.getMessage());
            }
            log.info("Standard input closed: the workbench that started this agent is gone; stopping");
            System.exit(0);
        }, "lathe-stdin-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
