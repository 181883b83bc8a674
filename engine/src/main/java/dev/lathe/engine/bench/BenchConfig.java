package dev.lathe.engine.bench;

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

    public BenchConfig {
        require(warmup >= 0, "warmup must be 0 or more, got " + warmup);
        require(iterations >= 1 || minDurationSeconds > 0, "iterations must be 1 or more, got " + iterations);
        require(minDurationSeconds >= 0, "duration must be 0 or more seconds");
        require(batch >= 1, "batch must be 1 or more, got " + batch);
        require(threads >= 1, "threads must be 1 or more, got " + threads);
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
