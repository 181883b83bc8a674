package dev.lathe.engine.bench;

import dev.lathe.engine.CancelledException;
import dev.lathe.engine.Progress;
import dev.lathe.engine.device.DeviceFingerprint;
import dev.lathe.engine.device.HostProbe;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times a loaded model: warm-up runs, then counted runs until both the iteration count and the minimum duration are
 * reached. Only {@code run} is inside the timed region; the input is bound once beforehand.
 */
public final class BenchmarkHarness {
    private static final int MAX_SAMPLES = BenchConfig.MAX_ITERATIONS;
    /** Samples are kept in an array that grows as they arrive, from this size: memory follows what was measured. */
    private static final int FIRST_CAPACITY = 4_096;
    /**
     * Progress goes out at most four times a second: every report repaints a progress bar somewhere, and on a small
     * CPU a repaint per frame measurably steals time from the model being timed.
     */
    private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

    public BenchmarkResult run(InferenceSession session, double loadMillis, long[] shape, BenchConfig config,
                               DeviceFingerprint device, SampleListener listener, Progress progress)
            throws InferenceException, CancelledException {
        long startedAt = System.currentTimeMillis();
        FloatTensor input = syntheticInput(session.inputs().get(0), shape);
        long[] samples;
        try (InferenceSession.BoundInput bound = session.bind(input)) {
            for (int i = 0; i < config.warmup(); i++) {
                CancelledException.checkpoint("Benchmark");
                bound.run();
                progress.report(i + 1, config.warmup(), "Warming up");
            }
            samples = measure(bound, config, listener, progress);
        }
        LatencyStats stats = LatencyStats.of(samples);
        double totalSeconds = Arrays.stream(samples).sum() / 1e9;
        double throughput = samples.length * (double) shape[0] / totalSeconds;
        return new BenchmarkResult(config, shape, stats, throughput, loadMillis, HostProbe.peakRssBytes(),
                session.runtime(), device, samples, startedAt);
    }

    private static long[] measure(InferenceSession.BoundInput bound, BenchConfig config, SampleListener listener,
                                  Progress progress) throws InferenceException, CancelledException {
        long minNanos = (long) (config.minDurationSeconds() * 1e9);
        long[] samples = new long[Math.max(16, Math.min(FIRST_CAPACITY, config.iterations()))];
        int n = 0;
        long begin = System.nanoTime();
        long lastReport = begin;
        while (n < config.iterations() || System.nanoTime() - begin < minNanos) {
            CancelledException.checkpoint("Benchmark");
            long t0 = System.nanoTime();
            bound.run();
            long dt = System.nanoTime() - t0;
            if (n == samples.length) {
                samples = Arrays.copyOf(samples, (int) Math.min(MAX_SAMPLES, samples.length * 2L));
            }
            samples[n++] = dt;
            listener.sample(n - 1, dt);
            if (t0 - lastReport >= PROGRESS_INTERVAL_NANOS) {
                lastReport = t0;
                progress.report(n, minNanos > 0 ? -1 : config.iterations(), "Measured " + n + " runs");
            }
            if (n == MAX_SAMPLES) {
                break;
            }
        }
        progress.report(n, n, "Measured " + n + " runs");
        return Arrays.copyOf(samples, n);
    }

    /** Uniform values in [0, 1) for float inputs, small non-negative integers (valid ids) for integer inputs. */
    static FloatTensor syntheticInput(TensorInfo input, long[] shape) {
        SplittableRandom random = new SplittableRandom(BenchConfig.INPUT_SEED);
        float[] data = new float[Math.toIntExact(FloatTensor.elementCount(shape))];
        boolean integer = !input.type().isFloatingPoint() && input.type() != ElementType.OTHER;
        for (int i = 0; i < data.length; i++) {
            data[i] = integer ? random.nextInt(2) : (float) random.nextDouble();
        }
        return new FloatTensor(data, shape);
    }
}
