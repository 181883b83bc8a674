package dev.lathe.engine.runtime.worker;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.hardware.KnownRuntime;
import dev.lathe.engine.runtime.OrtSessions;
import dev.lathe.engine.runtime.RuntimeRegistry;
import dev.lathe.engine.runtime.torchscript.LibTorchNatives;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.executorch.ExecuTorchRuntime;
import java.io.Serializable;
import dev.lathe.engine.hardware.RuntimeVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process where this one's models are loaded and run: a JVM of its own, started with the first model, started
 * again with the next model after a crash, and stopped after it has held no model for {@link WorkerSpec#idleStop}.
 * A crash of native code there costs the call that caused it (and any other call in flight), which fails with
 * {@link dev.lathe.engine.runtime.NativeCrashException}; this process carries on.
 */
public final class ModelWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelWorker.class);

    private final WorkerSpec spec;
    private final ScheduledExecutorService idleCheck;
    private WorkerProcess current;
    private boolean closed;

    public ModelWorker(WorkerSpec spec) {
        this.spec = spec;
        this.idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lathe-worker-idle");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, Math.min(30, spec.idleStop().toSeconds() / 2));
        idleCheck.scheduleWithFixedDelay(this::stopIfIdle, period, period, TimeUnit.SECONDS);
    }

    /**
     * Runtimes whose sessions live in this worker, one per format the worker runs ({@link WorkerMain} registers
     * the same formats there), and ExecuTorch where its runner is installed: each of its sessions is a runner process
     * of its own, as contained as the worker and without a JVM between (ADR 0013). Callers stay as they are.
     */
    public Runtimes runtimes() {
        RuntimeRegistry.Builder registry = RuntimeRegistry.builder().register(ModelFormat.ONNX,
                new WorkerRuntime(this, ModelFormat.ONNX, KnownRuntime.ONNX_RUNTIME, OrtSessions.ortVersion()));
        // libtorch only where the worker would find its natives (the agent's package leaves them out).
        LibTorchNatives.version(spec.djlCacheDir()).ifPresent(version -> registry.register(ModelFormat.TORCHSCRIPT,
                new WorkerRuntime(this, ModelFormat.TORCHSCRIPT, KnownRuntime.LIBTORCH, version)));
        ExecuTorchRuntime.installed(spec.survivor()).ifPresent(et -> registry.register(ModelFormat.PTE, et));
        return registry.build();
    }

    /**
     * The runtimes {@link #runtimes()} registers for a worker of {@code spec}, with their versions, read without
     * starting a worker or loading a native library (ONNX Runtime's jar, libtorch's natives, the runner's
     * {@code --version}): what {@code lathe --version} prints.
     */
    public static List<RuntimeVersion> installed(WorkerSpec spec) {
        List<RuntimeVersion> out = new ArrayList<>();
        out.add(new RuntimeVersion(KnownRuntime.ONNX_RUNTIME.id(), OrtSessions.ortVersion()));
        LibTorchNatives.version(spec.djlCacheDir())
                .ifPresent(v -> out.add(new RuntimeVersion(KnownRuntime.LIBTORCH.id(), v)));
        ExecuTorchRuntime.installed(spec.survivor())
                .ifPresent(et -> out.add(new RuntimeVersion(et.id(), et.version())));
        return List.copyOf(out);
    }

    /** Summarizes a TorchScript file in the worker: reading it means loading it in libtorch. */
    public ModelSummary inspectTorchScript(Path file, String sha256, long fileBytes) throws LatheException {
        return InspectTorchScript.summary((String) call(new InspectTorchScript(file.toAbsolutePath().toString(),
                sha256, fileBytes), e -> { }).result());
    }

    /** The live worker process, started if there is none. */
    synchronized WorkerProcess process() throws InferenceException {
        if (closed) {
            throw new InferenceException("The model worker was closed");
        }
        if (current == null || !current.alive()) {
            current = WorkerProcess.start(spec);
        }
        return current;
    }

    /** A call in the live worker, for a result and the process it came from. */
    Answer call(WorkerCall<?> call, Consumer<Serializable> events) throws LatheException {
        WorkerProcess process = process();
        return new Answer(process, process.call(call, events));
    }

    record Answer(WorkerProcess process, Serializable result) {
    }

    private synchronized void stopIfIdle() {
        if (current != null && current.alive() && current.idleFor(spec.idleStop().toNanos())) {
            LOG.info("Stopping model worker {}: no model open for {} s", current.pid(), spec.idleStop().toSeconds());
            current.stop("no model open for " + spec.idleStop().toSeconds() + " s");
            current = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        idleCheck.shutdownNow();
        if (current != null && current.alive()) {
            current.stop("closed");
        }
        current = null;
    }
}
