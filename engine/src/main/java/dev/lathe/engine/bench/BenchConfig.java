package dev.lathe.engine.bench;

import dev.lathe.engine.model.ShapeLimits;
import java.util.Objects;
import java.util.Optional;

/**
 * How to benchmark: {@code warmup} runs not counted, then {@code iterations} counted runs, or as many as fit in
 * {@code minDurationSeconds} when that is above zero (whichever ends later). Input values are random with a fixed
 * seed, so two runs feed the model the same numbers.
 */
public record BenchConfig(int warmup, int iterations, double minDurationSeconds, int batch, int threads,
                          Optional<long[]> inputShape) {
    public static final BenchConfig DEFAULT = new BenchConfig(20, 200, 0, 1, 1, Optional.empty());
    public static final long INPUT_SEED = 42;
    /** Counted runs: every latency is kept (80 MB at the bound); a million runs already pin p99.99. */
    public static final int MAX_ITERATIONS = 10_000_000;
    /** Warm-up runs: a thousand settle any runtime; a million is still only minutes on a small model. */
    public static final int MAX_WARMUP = 1_000_000;
    /** A minimum duration: 24 hours, for soak tests of thermal throttling. */
    public static final double MAX_DURATION_SECONDS = 86_400;
    /** A batch: past this one input outgrows what Lathe feeds anyway (see ShapeLimits.MAX_INPUT_ELEMENTS). */
    public static final int MAX_BATCH = 65_536;
    /** Intra-op threads: more than any board or workstation has cores. */
    public static final int MAX_THREADS = 1_024;

    public BenchConfig {
        require(warmup >= 0 && warmup <= MAX_WARMUP, "warmup must be from 0 to " + count(MAX_WARMUP) + ", got " + warmup);
        require(iterations >= 0 && iterations <= MAX_ITERATIONS, "iterations must be from 1 to "
                + count(MAX_ITERATIONS) + ", got " + iterations + " (every run's latency is kept)");
        require(iterations >= 1 || minDurationSeconds > 0, "iterations must be 1 or more, got " + iterations);
        require(minDurationSeconds >= 0 && minDurationSeconds <= MAX_DURATION_SECONDS, "duration must be from 0 to "
                + count((long) MAX_DURATION_SECONDS) + " seconds (24 hours), got " + minDurationSeconds);
        require(batch >= 1 && batch <= MAX_BATCH, "batch must be from 1 to " + count(MAX_BATCH) + ", got " + batch);
        require(threads >= 1 && threads <= MAX_THREADS, "threads must be from 1 to " + count(MAX_THREADS) + ", got "
                + threads);
        inputShape = Objects.requireNonNull(inputShape).map(s -> ShapeLimits.requireInput(s.clone()));
    }

    private static String count(long n) {
        return ShapeLimits.count(n);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public BenchConfig withInputShape(long[] shape) {
        return new BenchConfig(warmup, iterations, minDurationSeconds, batch, threads, Optional.of(shape));
    }
}
