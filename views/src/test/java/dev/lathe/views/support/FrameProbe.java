package dev.lathe.views.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * How smoothly the window draws: the gaps between FX pulses (an {@link AnimationTimer}: a long gap is a frame the
 * presenter saw stall) and how long a {@code Platform.runLater} posted every 20 ms from another thread waits to run.
 * Start it once; {@link #begin()} and {@link #end()} bracket each measured phase.
 */
public final class FrameProbe {
    private final List<Long> gaps = new ArrayList<>();
    private final List<Long> trips = new ArrayList<>();
    private volatile boolean recording;
    private long lastPulse;
    private volatile long lastPulseSeen;

    /** What one phase measured, in nanoseconds, sorted. */
    public record Figures(long[] gaps, long[] trips) {
        public double gapMs(double q) {
            return ms(gaps, q);
        }

        public double tripMs(double q) {
            return ms(trips, q);
        }

        /** One line: pulses, gap p50/p99/max, runLater wait p50/p99/max, all in ms. */
        public String line() {
            return String.format(Locale.ROOT, "%6d  %6.1f  %6.1f  %6.1f     %6.2f  %6.2f  %7.2f", gaps.length,
                    gapMs(0.5), gapMs(0.99), gapMs(1), tripMs(0.5), tripMs(0.99), tripMs(1));
        }

        private static double ms(long[] sorted, double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] / 1e6;
        }
    }

    public static final String HEADER = "pulses  gap p50     p99     max   runLater p50    p99      max   (ms)";

    /** Starts the pulse timer and the runLater prober (a daemon thread); call once, off the FX thread. */
    public void start() {
        Platform.runLater(() -> new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (recording && lastPulse != 0) {
                    gaps.add(now - lastPulse);
                }
                lastPulse = now;
                lastPulseSeen = System.nanoTime();
            }
        }.start());
        Thread prober = new Thread(() -> {
            while (true) {
                long posted = System.nanoTime();
                CompletableFuture<Void> ran = new CompletableFuture<>();
                Platform.runLater(() -> ran.complete(null));
                try {
                    ran.get();
                    if (recording) {
                        synchronized (trips) {
                            trips.add(System.nanoTime() - posted);
                        }
                    }
                    Thread.sleep(20);
                } catch (Exception e) {
                    return;
                }
            }
        }, "frame-probe");
        prober.setDaemon(true);
        prober.start();
    }

    /**
     * For finding what stalls the window: a thread that, whenever no pulse has come for {@code thresholdMs}, prints
     * where the FX thread is (its top frames in Lathe's code), once per stall.
     */
    public void reportStalls(long thresholdMs) {
        Thread watcher = new Thread(() -> {
            Thread fx = null;
            long reported = 0;
            while (true) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
                if (fx == null) {
                    fx = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().equals("JavaFX Application Thread")).findFirst().orElse(null);
                    continue;
                }
                long last = lastPulseSeen;
                long since = (System.nanoTime() - last) / 1_000_000;
                if (last != 0 && since > thresholdMs && last != reported) {
                    reported = last;
                    StackTraceElement[] stack = fx.getStackTrace();
                    String where = java.util.Arrays.stream(stack).filter(f -> f.getClassName().startsWith("dev.lathe"))
                            .limit(6).map(f -> f.getClassName().replace("dev.lathe.views.", "") + "."
                                    + f.getMethodName() + ":" + f.getLineNumber())
                            .collect(java.util.stream.Collectors.joining(" < "));
                    String top = stack.length == 0 ? "" : stack[0].getClassName() + "." + stack[0].getMethodName();
                    System.out.println("  stall > " + thresholdMs + " ms at " + top + " | " + where);
                }
            }
        }, "frame-stall-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Starts a phase: what was recorded before is dropped. */
    public void begin() {
        Platform.runLater(() -> {
            gaps.clear();
            lastPulse = 0;
            recording = true;
        });
        synchronized (trips) {
            trips.clear();
        }
    }

    /** Ends the phase and returns its figures. */
    public Figures end() throws Exception {
        CompletableFuture<long[]> read = new CompletableFuture<>();
        Platform.runLater(() -> {
            recording = false;
            read.complete(gaps.stream().mapToLong(Long::longValue).sorted().toArray());
        });
        long[] g = read.get();
        long[] t;
        synchronized (trips) {
            t = trips.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        return new Figures(g, t);
    }

    /** Joins phases' figures into one, for a whole run. */
    public static Figures all(List<Figures> phases) {
        return new Figures(phases.stream().flatMapToLong(f -> java.util.Arrays.stream(f.gaps())).sorted().toArray(),
                phases.stream().flatMapToLong(f -> java.util.Arrays.stream(f.trips())).sorted().toArray());
    }
}
