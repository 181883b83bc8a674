package dev.lathe.engine.store;

import dev.lathe.engine.bench.BenchmarkResult;
import java.time.Instant;
import java.util.Optional;

/**
 * A benchmark run as remembered, with all its raw samples.
 *
 * @param interruption why the run ended early, for a run the device did not finish: its figures cover only the
 *                     samples measured before that, and comparisons leave it out
 */
public record StoredBenchmark(long id, String modelSha256, BenchmarkResult result, Instant createdAt,
                              Optional<String> interruption) {

    /** A run that finished. */
    public StoredBenchmark(long id, String modelSha256, BenchmarkResult result, Instant createdAt) {
        this(id, modelSha256, result, createdAt, Optional.empty());
    }

    public boolean interrupted() {
        return interruption.isPresent();
    }

    public boolean complete() {
        return interruption.isEmpty();
    }
}
