package dev.lathe.engine.device.directory;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.device.TelemetrySample;
import dev.lathe.engine.eval.EvaluationResult;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A device that remembers what it is doing, so that when this computer's agent dies the user is told which model
 * was running on it ("while benchmarking cnn.int8.onnx"): that model is the likely culprit.
 */
final class ActivityDevice implements Device {
    private final Device device;
    /** How long a run that failed still counts as what the device was doing: its failure may precede the exit. */
    private static final long FAILED_RECENTLY_NANOS = 10_000_000_000L;

    private final AtomicReference<String> activity = new AtomicReference<>();
    private final AtomicReference<Failed> failed = new AtomicReference<>();

    private record Failed(String activity, long atNanos) {
    }

    ActivityDevice(Device device) {
        this.device = device;
    }

    /**
     * What runs now, as "benchmarking cnn.onnx", or what failed in the last seconds (a run fails the moment the
     * connection drops, a little before anyone sees the process exit); empty when idle.
     */
    Optional<String> activity() {
        String now = activity.get();
        if (now != null) {
            return Optional.of(now);
        }
        Failed f = failed.get();
        return f != null && System.nanoTime() - f.atNanos() < FAILED_RECENTLY_NANOS ? Optional.of(f.activity())
                : Optional.empty();
    }

    private interface Call<T> {
        T run() throws LatheException;
    }

    private <T> T tracked(String what, Call<T> call) throws LatheException {
        String previous = activity.getAndSet(what);
        try {
            return call.run();
        } catch (LatheException | RuntimeException e) {
            failed.set(new Failed(what, System.nanoTime()));
            throw e;
        } finally {
            activity.set(previous);
        }
    }

    @Override
    public DeviceFingerprint describe() {
        return device.describe();
    }

    @Override
    public EvaluationResult evaluate(ModelHandle model, Dataset data, EvalRequest request, Progress progress)
            throws LatheException {
        return tracked("evaluating " + model.name(), () -> device.evaluate(model, data, request, progress));
    }

    @Override
    public BenchmarkResult benchmark(ModelHandle model, BenchConfig config, SampleListener samples, Progress progress)
            throws LatheException {
        return benchmark(model, config, samples, sample -> { }, progress);
    }

    @Override
    public BenchmarkResult benchmark(ModelHandle model, BenchConfig config, SampleListener samples,
                                     Consumer<TelemetrySample> telemetry, Progress progress) throws LatheException {
        return tracked("benchmarking " + model.name(),
                () -> device.benchmark(model, config, samples, telemetry, progress));
    }
}
