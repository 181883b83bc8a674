package dev.lathe.views.wall;

import dev.lathe.views.task.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Turns every panel's feed into a frame every {@link #PERIOD_MS} ms on its own thread and hands all the frames of a
 * tick to the FX thread in one event. While that event waits, no other is posted, so a busy FX thread skips frames
 * instead of queueing them.
 */
final class FrameTicker implements AutoCloseable {
    static final long PERIOD_MS = 100;

    private record Target(DeviceFeed feed, Consumer<PanelFrame> panel) {
    }

    private record Ready(Target target, PanelFrame frame) {
    }

    private final List<Target> targets = new CopyOnWriteArrayList<>();
    private final AtomicBoolean posted = new AtomicBoolean();
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreads("lathe-wall-frames"));
    private ScheduledFuture<?> ticking;

    /** Draws {@code feed} into {@code panel} (called on the FX thread) from the next tick on. */
    void follow(DeviceFeed feed, Consumer<PanelFrame> panel) {
        targets.add(new Target(feed, panel));
    }

    void clear() {
        targets.clear();
    }

    synchronized void start() {
        if (ticking == null) {
            ticking = thread.scheduleWithFixedDelay(this::tick, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops after one last tick, so the final samples are drawn. */
    synchronized void stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
            tickOnce();
        }
    }

    private synchronized boolean ticking() {
        return ticking != null;
    }

    private void tickOnce() {
        try {
            thread.execute(this::tick);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // The wall is gone; nothing left to draw.
        }
    }

    private void tick() {
        if (posted.get()) {
            return;
        }
        List<Ready> ready = new ArrayList<>();
        for (Target t : targets) {
            Optional<PanelFrame> frame = t.feed().frame();
            frame.ifPresent(f -> ready.add(new Ready(t, f)));
        }
        if (ready.isEmpty()) {
            return;
        }
        posted.set(true);
        Platform.runLater(() -> {
            posted.set(false);
            ready.forEach(r -> r.target().panel().accept(r.frame()));
            if (!ticking()) {
                // Samples that came while this event waited would otherwise never be drawn.
                tickOnce();
            }
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
