package dev.lathe.engine.runtime.executorch;

import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.LatencyListener;
import dev.lathe.engine.runtime.TimingPlan;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A timing plan carried out by the runner in loops: warm-up runs, then counted runs until both the count and the
 * minimum duration are reached, as {@code TimedRuns} does in-process. Runs in one loop follow each other with nothing
 * but the runner's clock between them, as in ExecuTorch's own benchmark loop; a request per run measured up to 30 %
 * slower on a 0.13 ms program (docs/PERFORMANCE.md), the pause letting the thread pool fall asleep between runs. A
 * loop lasts about {@value #LOOP_NANOS} ns, so samples and progress are never further apart than that (or one run,
 * when a run is longer); a cancel stops the runner mid-loop ({@link RunnerProcess}).
 */
final class RunnerLoops {
    private static final long LOOP_NANOS = 100_000_000L;
    private static final int MAX_LOOP = 1 << 16;
    private static final int MAX_SAMPLES = 10_000_000;
    private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

    private final RunnerProcess runner;
    private long lastNanos = -1;

    RunnerLoops(RunnerProcess runner) {
        this.runner = runner;
    }

    long[] time(TimingPlan plan, LatencyListener listener, Progress progress)
            throws InferenceException, CancelledException {
        int warmed = 0;
        while (warmed < plan.warmup()) {
            CancelledException.checkpoint("Benchmark");
            warmed += loop(plan.warmup() - warmed).length;
            progress.report(warmed, plan.warmup(), "Warming up");
        }
        long minNanos = (long) (plan.minDurationSeconds() * 1e9);
        long[] samples = new long[Math.max(16, plan.iterations())];
        int n = 0;
        long begin = System.nanoTime();
        long lastReport = begin;
        while ((n < plan.iterations() || System.nanoTime() - begin < minNanos) && n < MAX_SAMPLES) {
            CancelledException.checkpoint("Benchmark");
            int wanted = n < plan.iterations() ? plan.iterations() - n : MAX_LOOP;
            for (long nanos : loop(Math.min(wanted, MAX_SAMPLES - n))) {
                if (n == samples.length) {
                    samples = Arrays.copyOf(samples, Math.min(MAX_SAMPLES, samples.length * 2));
                }
                samples[n++] = nanos;
                listener.latency(n - 1, nanos);
            }
            if (System.nanoTime() - lastReport >= PROGRESS_INTERVAL_NANOS) {
                lastReport = System.nanoTime();
                progress.report(n, minNanos > 0 ? -1 : plan.iterations(), "Measured " + n + " runs");
            }
        }
        progress.report(n, n, "Measured " + n + " runs");
        return Arrays.copyOf(samples, n);
    }

    /** Up to {@code most} runs in one loop, as many as fill about a tenth of a second; their latencies. */
    private long[] loop(int most) throws InferenceException, CancelledException {
        int count = (int) Math.max(1, Math.min(Math.min(most, MAX_LOOP),
                lastNanos <= 0 ? 1 : LOOP_NANOS / Math.max(1, lastNanos)));
        ByteBuffer body = runner.request('L', ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(count)
                .array(), "running").body();
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            nanos[i] = body.getLong();
        }
        lastNanos = nanos[count - 1];
        return nanos;
    }
}
