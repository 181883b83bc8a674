package dev.lathe.engine.bench;

import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.hardware.RuntimeVersion;

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

    public BenchmarkResult {
        // A run cut short before devices listed their runtimes stored the device's line, with a sentence where a
        // version belongs ("ONNX Runtime 1.23.2, PyTorch starts with the first TorchScript model"): it reads as
        // today's list. The stored text itself is left as it is.
        if (runtime != null && runtime.contains(", ")) {
            runtime = RuntimeVersion.labels(RuntimeVersion.ofLine(runtime));
        }
    }

    /**
     * What a run that ended early adds up to: statistics and throughput over the samples measured before it
     * ended. Load time and peak memory come with the device's summary, which never arrived, so they are -1
     * (unknown).
     *
     * @param inputShape the shape the run was asked for, empty when the device was left to choose it
     */
    public static BenchmarkResult ofSamplesSoFar(BenchConfig config, long[] inputShape, DeviceFingerprint device,
                                                 long[] samplesNanos, long startedAtEpochMillis) {
        long batch = inputShape.length > 0 ? inputShape[0] : config.batch();
        double seconds = java.util.Arrays.stream(samplesNanos).sum() / 1e9;
        return new BenchmarkResult(config, inputShape.clone(), LatencyStats.of(samplesNanos),
                samplesNanos.length * (double) batch / seconds, -1, -1, device.runtimesLabel(), device,
                samplesNanos.clone(), startedAtEpochMillis);
    }
}
