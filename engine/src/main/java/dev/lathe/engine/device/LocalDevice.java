package dev.lathe.engine.device;

import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkHarness;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Preprocessing;
import dev.lathe.engine.data.PreprocessingInference;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.eval.Evaluator;
import dev.lathe.engine.model.ShapeLimits;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import dev.lathe.engine.provenance.Hashing;
import java.nio.charset.StandardCharsets;

/** This computer, running models in this process. */
public final class LocalDevice implements Device {
    private static final int EVAL_BATCH = 64;

    private final Runtimes runtimes;
    private DeviceFingerprint fingerprint;

    public LocalDevice(Runtimes runtimes) {
        this.runtimes = runtimes;
    }

    /** Reads the host's facts and the runtimes this process runs models with; call off the FX thread. */
    @Override
    public synchronized DeviceFingerprint describe() {
        if (fingerprint == null) {
            String cpu = HostProbe.cpuModel();
            String host = HostProbe.hostName();
            String id = "local-" + Hashing.sha256((host + "|" + cpu).getBytes(StandardCharsets.UTF_8)).substring(0, 12);
            fingerprint = new DeviceFingerprint(id, host + " (this computer)", cpu,
                    Runtime.getRuntime().availableProcessors(), HostProbe.memoryBytes(),
                    System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    runtimes.installed(), HostProbe.int8Path(), HostProbe.bf16());
        }
        return fingerprint;
    }

    @Override
    public EvaluationResult evaluate(ModelHandle model, Dataset data, EvalRequest request, Progress progress)
            throws LatheException {
        try (InferenceSession session = runtimes.open(model,
                SessionOptions.DEFAULT.withThreads(Math.max(1, Runtime.getRuntime().availableProcessors())))) {
            TensorInfo input = session.inputs().get(0);
            // a program exported for a fixed batch (ExecuTorch's shapes are static) is probed at that batch
            boolean fixedBatch = input.hasShape() && input.shape().get(0).isFixed();
            long[] probe = InputShapes.resolve(model, input, fixedBatch ? (int) input.shape().get(0).size() : 1);
            Preprocessing pre = PreprocessingInference.infer(model.name(), input, probe, data, request.overrides());
            // A batch of large examples stays within what Lathe feeds in one run (ShapeLimits.MAX_INPUT_ELEMENTS).
            int fits = (int) Math.max(1, Math.min(EVAL_BATCH, ShapeLimits.MAX_INPUT_ELEMENTS / Math.max(1, pre.size())));
            int batch = fixedBatch ? (int) input.shape().get(0).size() : fits;
            if (model.inputShape().isPresent()) {
                batch = (int) Math.min(BenchConfig.MAX_BATCH, model.inputShape().get()[0]);
            }
            return new Evaluator().evaluate(session, model.name(), data, pre, batch, request.limit(), progress);
        } catch (InferenceException e) {
            throw cancelledOr(e, "Evaluation of " + model.name());
        }
    }

    @Override
    public BenchmarkResult benchmark(ModelHandle model, BenchConfig config, SampleListener samples, Progress progress)
            throws LatheException {
        DeviceFingerprint device = describe();
        progress.report(0, -1, "Loading " + model.name());
        long t0 = System.nanoTime();
        ModelHandle withShape = model.withInputShape(config.inputShape().or(model::inputShape));
        try (InferenceSession session = runtimes.open(withShape, SessionOptions.DEFAULT.withThreads(config.threads()))) {
            double loadMillis = session.loadMillis().orElse((System.nanoTime() - t0) / 1e6);
            long[] shape = InputShapes.resolve(withShape, session.inputs().get(0), config.batch());
            return new BenchmarkHarness().run(session, loadMillis, shape, config, device, samples, progress);
        } catch (InferenceException e) {
            throw cancelledOr(e, "Benchmark of " + model.name());
        }
    }

    /**
     * A run that failed while its thread was being cancelled was cancelled: a runtime whose calls can only fail with
     * an {@link InferenceException} (a load, or one run, stopped mid-way) ends that way and keeps the interrupt.
     */
    private static InferenceException cancelledOr(InferenceException e, String what) throws CancelledException {
        CancelledException.checkpoint(what);
        return e;
    }
}
