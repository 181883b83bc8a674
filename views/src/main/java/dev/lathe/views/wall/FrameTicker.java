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
import java.util.function.Function;
import javafx.application.Platform;

/**
 * Turns every panel's feed into a frame every {@link #PERIOD_MS} ms on its own thread and hands all the frames of a
 * tick to the FX thread in one event. While that event waits, no other is posted, so a busy FX thread skips frames
 * instead of queueing them.
 */
final class FrameTicker implements AutoCloseable {
    static final long PERIOD_MS = 100;

    private record Target(DeviceFeed feed, Function<PanelFrame, Runnable> panel) {
    }

    private final List<Target> targets = new CopyOnWriteArrayList<>();
    private final AtomicBoolean posted = new AtomicBoolean();
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreads("lathe-wall-frames"));
    private ScheduledFuture<?> ticking;

    /**
     * Draws {@code feed} through {@code panel} from the next tick on: {@code panel} prepares a frame on the ticker's
     * thread and returns what the FX thread then runs to show it.
     */
    void follow(DeviceFeed feed, Function<PanelFrame, Runnable> panel) {
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
        List<Runnable> ready = new ArrayList<>();
        for (Target t : targets) {
            Optional<PanelFrame> frame = t.feed().frame();
            frame.ifPresent(f -> ready.add(t.panel().apply(f)));
        }
        if (ready.isEmpty()) {
            return;
        }
        posted.set(true);
        Platform.runLater(() -> {
            posted.set(false);
            ready.forEach(Runnable::run);
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
