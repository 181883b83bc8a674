package dev.lathe.engine.store;

import dev.lathe.engine.bench.BenchmarkResult;
import java.time.Instant;

/** A benchmark run as remembered, with all its raw samples. */
public record StoredBenchmark(long id, String modelSha256, BenchmarkResult result, Instant createdAt) {
}
