package dev.lathe.engine.bench;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.Timing;
import dev.lathe.engine.runtime.TimingPlan;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Benchmarks a loaded model: the session times warm-up and counted runs where the model lives (see
 * {@link InferenceSession#time}), on seeded synthetic input; this adds up what it measured.
 */
public final class BenchmarkHarness {

    public BenchmarkResult run(InferenceSession session, double loadMillis, long[] shape, BenchConfig config,
                               DeviceFingerprint device, SampleListener listener, Progress progress)
            throws InferenceException, CancelledException {
        long startedAt = System.currentTimeMillis();
        FloatTensor input = syntheticInput(session.inputs().get(0), shape);
        Timing timing = session.time(input, new TimingPlan(config.warmup(), config.iterations(),
                config.minDurationSeconds()), listener::sample, progress);
        long[] samples = timing.samplesNanos();
        LatencyStats stats = LatencyStats.of(samples);
        double totalSeconds = Arrays.stream(samples).sum() / 1e9;
        double throughput = samples.length * (double) shape[0] / totalSeconds;
        return new BenchmarkResult(config, shape, stats, throughput, loadMillis, timing.peakRssBytes(),
                session.runtime(), device, samples, startedAt);
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
