package dev.lathe.app;

import dev.lathe.engine.Workbench;
import dev.lathe.app.devices.DeviceDirectories;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.DirectoryDevice;
import dev.lathe.engine.device.LocalDevice;
import dev.lathe.engine.inspect.ModelInspector;
import dev.lathe.engine.runtime.torchscript.PyTorchEngine;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.worker.ModelWorker;
import dev.lathe.engine.runtime.worker.WorkerSpec;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.StoreException;
import dev.lathe.engine.variant.QuantizeSteps;
import dev.lathe.engine.variant.TrainingSteps;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/** Assembles the engine: the only place that knows which concrete pieces make up a Workbench. */
public final class AppContext implements AutoCloseable {
    /** How long a run waits for this computer's runner to start or restart. */
    private static final Duration RUNNER_PATIENCE = Duration.ofSeconds(60);

    private final LathePaths paths;
    private final ExperimentStore store;
    private final Workbench workbench;
    private final Device thisComputer;
    private final ModelWorker worker;

    private AppContext(LathePaths paths, ExperimentStore store, Workbench workbench, Device thisComputer,
                       ModelWorker worker) {
        this.paths = paths;
        this.store = store;
        this.workbench = workbench;
        this.thisComputer = thisComputer;
        this.worker = worker;
    }

    /**
     * For the command line: runs on this computer go to its runner (the agent in a child process, the same code
     * path as a board's), started on first use and stopped with this context.
     */
    public static AppContext open(LathePaths paths) throws StoreException {
        return open(paths, local -> DirectoryDevice.opening(() -> DeviceDirectories.thisComputerOnly(paths),
                DeviceDirectory.THIS_COMPUTER, RUNNER_PATIENCE, local::describe));
    }

    /** For the desktop app: runs on this computer go to the runner of {@code devices}, which the caller closes. */
    public static AppContext open(LathePaths paths, DeviceDirectory devices) throws StoreException {
        return open(paths, local -> DirectoryDevice.of(devices, DeviceDirectory.THIS_COMPUTER, RUNNER_PATIENCE,
                local::describe));
    }

    /**
     * Runs on this computer go to this process's model worker instead of the runner: for when its runner cannot be
     * started at all (the window says why), so the workbench still works, and a crash still costs only the worker.
     */
    public static AppContext inProcess(LathePaths paths) throws StoreException {
        return open(paths, local -> local);
    }

    /**
     * Opens the store; the model worker starts later, with the first model a runtime loads, off the FX thread. No
     * model the user opened loads in this process: the worker (quantization's calibration and checks, fidelity, the
     * check that a new variant runs) and the runner (benchmarks, evaluation) can be lost to a crash, the window and
     * the store cannot.
     */
    private static AppContext open(LathePaths paths, Function<LocalDevice, Device> thisComputer)
            throws StoreException {
        ExperimentStore store = ExperimentStore.open(paths.storeFile());
        Path cache = paths.cacheDir();
        ModelWorker worker = new ModelWorker(new WorkerSpec(cache, paths.logDir(), "the workbench is fine"));
        PyTorchEngine pytorch = new PyTorchEngine(cache.resolve("djl"));
        Runtimes runtimes = worker.runtimes();
        ModelInspector inspector = new ModelInspector(worker::inspectTorchScript);
        QuantizeSteps steps = new QuantizeSteps(runtimes);
        Device device = thisComputer.apply(new LocalDevice(runtimes));
        return new AppContext(paths, store, new Workbench(store, inspector, device, runtimes, steps,
                new TrainingSteps(pytorch, runtimes, cache.resolve("soft-targets"))), device, worker);
    }

    public LathePaths paths() {
        return paths;
    }

    /**
     * Starts this computer's runner in the background now, for a command that will run on it, so it gets ready
     * while the model is read; otherwise it starts at the first run.
     */
    public void startThisComputer() throws DeviceException {
        if (thisComputer instanceof DirectoryDevice d) {
            d.start();
        }
    }

    public Workbench workbench() {
        return workbench;
    }

    @Override
    public void close() {
        if (thisComputer instanceof DirectoryDevice d) {
            d.close(); // stops the runner if this context started it (the command line)
        }
        worker.close();
        store.close();
    }
}
