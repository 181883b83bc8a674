package dev.lathe.engine.runtime;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import java.util.Arrays;

/**
 * The timed loop: warm-up runs, then counted runs until both the iteration count and the minimum duration are
 * reached. Only the run is inside the timed region; the input is bound once beforehand.
 */
final class TimedRuns {
    private static final int MAX_SAMPLES = 10_000_000;
    /**
     * Progress goes out at most four times a second: every report repaints a progress bar somewhere, and on a small
     * CPU a repaint per frame measurably steals time from the model being timed.
     */
    private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

    private TimedRuns() {
    }

    static Timing time(InferenceSession session, FloatTensor input, TimingPlan plan, LatencyListener listener,
                       Progress progress) throws InferenceException, CancelledException {
        try (InferenceSession.BoundInput bound = session.bind(input)) {
            for (int i = 0; i < plan.warmup(); i++) {
                CancelledException.checkpoint("Benchmark");
                bound.run();
                progress.report(i + 1, plan.warmup(), "Warming up");
            }
            return new Timing(measure(bound, plan, listener, progress), ProcessMemory.peakRssBytes());
        }
    }

    private static long[] measure(InferenceSession.BoundInput bound, TimingPlan plan, LatencyListener listener,
                                  Progress progress) throws InferenceException, CancelledException {
        long minNanos = (long) (plan.minDurationSeconds() * 1e9);
        long[] samples = new long[Math.max(16, plan.iterations())];
        int n = 0;
        long begin = System.nanoTime();
        long lastReport = begin;
        while (n < plan.iterations() || System.nanoTime() - begin < minNanos) {
            CancelledException.checkpoint("Benchmark");
            long t0 = System.nanoTime();
            bound.run();
            long dt = System.nanoTime() - t0;
            if (n == samples.length) {
                samples = Arrays.copyOf(samples, Math.min(MAX_SAMPLES, samples.length * 2));
            }
            samples[n++] = dt;
            listener.latency(n - 1, dt);
            if (t0 - lastReport >= PROGRESS_INTERVAL_NANOS) {
                lastReport = t0;
                progress.report(n, minNanos > 0 ? -1 : plan.iterations(), "Measured " + n + " runs");
            }
            if (n == MAX_SAMPLES) {
                break;
            }
        }
        progress.report(n, n, "Measured " + n + " runs");
        return Arrays.copyOf(samples, n);
    }
}
