package dev.lathe.views.support;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.worker.ModelWorker;
import dev.lathe.engine.runtime.worker.WorkerSpec;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.StoreException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A real engine over a store in a temp folder. The one place tests build a Workbench, so a change to how the
 * engine is assembled is a one-line fix here.
 */
public final class TestEngine implements AutoCloseable {
    private final ExperimentStore store;
    private final Workbench workbench;
    private final Optional<TestDevices> devices;
    private final Optional<ModelWorker> worker;

    private TestEngine(ExperimentStore store, Workbench workbench, Optional<TestDevices> devices) {
        this(store, workbench, devices, Optional.empty());
    }

    private TestEngine(ExperimentStore store, Workbench workbench, Optional<TestDevices> devices,
                       Optional<ModelWorker> worker) {
        this.store = store;
        this.workbench = workbench;
        this.devices = devices;
        this.worker = worker;
    }

    /**
     * Models run as in the app: in a model worker process (ONNX Runtime, libtorch where its natives are unpacked) and
     * in ExecuTorch's runner where the build made one; this computer, in this process, is the only device.
     */
    public static TestEngine withModelWorker(Path storeFile, Path logDir) throws StoreException {
        ExperimentStore store = ExperimentStore.open(storeFile);
        ModelWorker worker = new ModelWorker(new WorkerSpec(cacheDir(), logDir, "the test is fine"));
        Workbench workbench = Workbench.builder().store(store).runtimes(worker.runtimes())
                .torchScript(worker::inspectTorchScript).cacheDir(cacheDir()).build();
        return new TestEngine(store, workbench, Optional.empty(), Optional.of(worker));
    }

    public static Path cacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache/lathe");
    }

    /** This computer, running in this process, is the workbench's only device. */
    public static TestEngine open(Path storeFile) throws StoreException {
        ExperimentStore store = ExperimentStore.open(storeFile);
        return new TestEngine(store, workbench(store, Optional.empty()), Optional.empty());
    }

    /** The workbench's devices are the entries of {@code devices}, which the test closes. */
    public static TestEngine open(Path storeFile, DeviceDirectory devices) throws StoreException {
        ExperimentStore store = ExperimentStore.open(storeFile);
        return new TestEngine(store, workbench(store, Optional.of(devices)), Optional.empty());
    }

    /**
     * The workbench's devices are a {@link TestDevices} listing this computer (running in this process) and the
     * boards the test pairs through {@link #devices()}; closed with this engine.
     */
    public static TestEngine withTestDevices(Path storeFile) throws StoreException {
        ExperimentStore store = ExperimentStore.open(storeFile);
        TestDevices devices = TestDevices.boardsOnly();
        Workbench workbench = workbench(store, Optional.of(devices));
        devices.addThisComputer(workbench.devices().thisComputer());
        return new TestEngine(store, workbench, Optional.of(devices));
    }

    private static Workbench workbench(ExperimentStore store, Optional<DeviceDirectory> devices) {
        Runtimes runtimes = Runtimes.inProcess(cacheDir(), (model, shape, options) -> {
            throw new InferenceException(model.getFileName() + ": TorchScript is not wired in this test");
        });
        Workbench.Builder builder = Workbench.builder().store(store).runtimes(runtimes)
                .torchScript((file, sha, bytes) -> {
                    throw new ModelFormatException(file, "TorchScript is not wired in this test");
                })
                .cacheDir(cacheDir());
        devices.ifPresent(builder::devices);
        return builder.build();
    }

    public Workbench workbench() {
        return workbench;
    }

    /** The in-process device the workbench benchmarks on by default. */
    public Device thisComputer() {
        return workbench.devices().thisComputer();
    }

    /** The test's devices of {@link #withTestDevices}, to pair boards through or take offline. */
    public TestDevices devices() {
        return devices.orElseThrow(() -> new IllegalStateException("open the engine withTestDevices"));
    }

    @Override
    public void close() {
        devices.ifPresent(TestDevices::close);
        workbench.close();
        worker.ifPresent(ModelWorker::close);
        store.close();
    }
}
