package dev.lathe.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Lets one run at a time use the device, in arrival order: two models timed at once would each measure the other.
 * A waiting run learns how many runs are ahead of it whenever that number changes.
 */
final class RunQueue {
    private final List<String> waiting = new ArrayList<>();
    private String running;

    /** Blocks until {@code runId} may run; {@code position} hears the runs ahead (from this thread, under no lock). */
    void enter(String runId, IntConsumer position) throws InterruptedException {
        int told = 0;
        while (true) {
            int ahead;
            synchronized (this) {
                if (!waiting.contains(runId)) {
                    waiting.add(runId);
                }
                ahead = waiting.indexOf(runId) + (running == null ? 0 : 1);
                if (ahead == 0) {
                    waiting.remove(runId);
                    running = runId;
                    return;
                }
                if (ahead == told) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        waiting.remove(runId);
                        notifyAll();
                        throw e;
                    }
                    continue;
                }
            }
            told = ahead;
            position.accept(ahead);
        }
    }

    synchronized void leave(String runId) {
        if (runId.equals(running)) {
            running = null;
        }
        waiting.remove(runId);
        notifyAll();
    }
}
