package dev.lathe.engine.device;

import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.eval.EvaluationResult;
import java.util.function.Consumer;

/**
 * Somewhere a model can run: this computer, or an edge board running the Lathe agent. Calls block until done,
 * honour thread interruption, and report progress as they go.
 */
public interface Device {

    DeviceFingerprint describe();

    /** Evaluates on {@code data}, opened by the caller so that it is read once; {@code request} says how. */
    EvaluationResult evaluate(ModelHandle model, Dataset data, EvalRequest request, Progress progress)
            throws LatheException;

    BenchmarkResult benchmark(ModelHandle model, BenchConfig config, SampleListener samples, Progress progress)
            throws LatheException;

    /**
     * Benchmarks as {@link #benchmark(ModelHandle, BenchConfig, SampleListener, Progress)} and hands the device's
     * sensor readings during the run to {@code telemetry} (on a thread of the device's), where it has any.
     */
    default BenchmarkResult benchmark(ModelHandle model, BenchConfig config, SampleListener samples,
                                      Consumer<TelemetrySample> telemetry, Progress progress) throws LatheException {
        return benchmark(model, config, samples, progress);
    }
}
