package dev.lathe.engine.bench;

import dev.lathe.engine.device.DeviceFingerprint;

/**
 * One benchmark run: its configuration, every counted latency, and what they add up to. {@code throughput} is
 * examples per second over the counted runs; {@code peakRssBytes} is the peak resident memory of the process that
 * ran the model.
 */
public record BenchmarkResult(
        BenchConfig config,
        long[] inputShape,
        LatencyStats stats,
        double throughput,
        double loadMillis,
        long peakRssBytes,
        String runtime,
        DeviceFingerprint device,
        long[] samplesNanos,
        long startedAtEpochMillis) {
}
