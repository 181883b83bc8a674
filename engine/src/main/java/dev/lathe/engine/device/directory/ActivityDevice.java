package dev.lathe.engine.device.directory;

import dev.lathe.engine.LatheException;
import dev.lathe.engine.Progress;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceFingerprint;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.device.ModelHandle;
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
    private final AtomicReference<String> activity = new AtomicReference<>();

    ActivityDevice(Device device) {
        this.device = device;
    }

    /** What runs now, as "benchmarking cnn.onnx"; empty when idle. */
    Optional<String> activity() {
        return Optional.ofNullable(activity.get());
    }

    @Override
    public DeviceFingerprint describe() {
        return device.describe();
    }

    @Override
    public EvaluationResult evaluate(ModelHandle model, Dataset data, EvalRequest request, Progress progress)
            throws LatheException {
        String previous = activity.getAndSet("evaluating " + model.name());
        try {
            return device.evaluate(model, data, request, progress);
        } finally {
            activity.set(previous);
        }
    }

    @Override
    public BenchmarkResult benchmark(ModelHandle model, BenchConfig config, SampleListener samples, Progress progress)
            throws LatheException {
        return benchmark(model, config, samples, sample -> { }, progress);
    }

    @Override
    public BenchmarkResult benchmark(ModelHandle model, BenchConfig config, SampleListener samples,
                                     Consumer<TelemetrySample> telemetry, Progress progress) throws LatheException {
        String previous = activity.getAndSet("benchmarking " + model.name());
        try {
            return device.benchmark(model, config, samples, telemetry, progress);
        } finally {
            activity.set(previous);
        }
    }
}
