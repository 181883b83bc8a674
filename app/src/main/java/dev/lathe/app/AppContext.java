package dev.lathe.app;

import dev.lathe.app.devices.AgentProgram;
import dev.lathe.app.report.PagePdf;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.device.RunnerSettings;
import dev.lathe.engine.hardware.RuntimeVersion;
import dev.lathe.engine.runtime.worker.ModelWorker;
import dev.lathe.engine.runtime.worker.WorkerSpec;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.StoreException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** Assembles the engine: the only place that says from which files, folders and programs a Workbench is built. */
public final class AppContext implements AutoCloseable {
    private final LathePaths paths;
    private final ExperimentStore store;
    private final Workbench workbench;
    private final ModelWorker worker;

    private AppContext(LathePaths paths, ExperimentStore store, Workbench workbench, ModelWorker worker) {
        this.paths = paths;
        this.store = store;
        this.workbench = workbench;
        this.worker = worker;
    }

    /**
     * For the command line: runs on this computer go to its runner (the agent in a child process, the same code
     * path as a board's), started on first use and stopped with this context; a paired board is reached when a
     * command names it.
     */
    public static AppContext open(LathePaths paths) throws StoreException {
        return open(paths, b -> b.devicesOnDemand(runner(paths, AgentProgram::ofThisJvm), paths.devicesFile()));
    }

    /**
     * For the desktop app: this computer's runner starts now in the background, {@link AgentProgram#BESIDE_THE_WINDOW}
     * steps of niceness below the window so that a benchmark on it does not take the window's frames; the paired
     * boards are asked every few seconds whether they answer, and agents announced on the local network are listed
     * when {@code discoverOnNetwork}. Without a runner (a broken build, an unreadable devices.json) the Devices list
     * says why and runs on this computer happen in this process's model worker, so the workbench still works.
     */
    public static AppContext forWindow(LathePaths paths, boolean discoverOnNetwork) throws StoreException {
        return forWindow(paths, discoverOnNetwork, AgentProgram.BESIDE_THE_WINDOW);
    }

    /** As {@link #forWindow(LathePaths, boolean)}, with this computer's runner {@code niceness} steps below this process. */
    public static AppContext forWindow(LathePaths paths, boolean discoverOnNetwork, int niceness)
            throws StoreException {
        return open(paths, b -> b.watchedDevices(runner(paths, () -> AgentProgram.ofThisJvm(niceness)),
                paths.devicesFile(), discoverOnNetwork));
    }

    /**
     * This computer's runner in {@code <data>/this-computer}, its pairing in {@code this-computer.json}, apart from the
     * user's boards in {@code devices.json}.
     */
    private static RunnerSettings runner(LathePaths paths, RunnerSettings.Program program) {
        return new RunnerSettings(program, paths.thisComputerDir(), paths.dataDir().resolve("this-computer.json"));
    }

    /**
     * Opens the store; the model worker starts later, with the first model a runtime loads, off the FX thread. No
     * model the user opened loads in this process: the worker (quantization's calibration and checks, fidelity, the
     * check that a new variant runs) and the runner (benchmarks, evaluation) can be lost to a crash, the window and
     * the store cannot.
     */
    private static AppContext open(LathePaths paths, UnaryOperator<Workbench.Builder> devices) throws StoreException {
        ExperimentStore store = ExperimentStore.open(paths.storeFile());
        Path cache = paths.cacheDir();
        ModelWorker worker = new ModelWorker(new WorkerSpec(cache, paths.logDir(), "the workbench is fine"));
        Workbench workbench = devices.apply(Workbench.builder().store(store).runtimes(worker.runtimes())
                .torchScript(worker::inspectTorchScript).cacheDir(cache).reportPdf(new PagePdf())).build();
        return new AppContext(paths, store, workbench, worker);
    }

    /**
     * The runtimes a model worker of this app would have, with their versions, read without starting the worker or
     * the runner (what {@code lathe --version} prints).
     */
    public static List<RuntimeVersion> installedRuntimes(LathePaths paths) {
        return ModelWorker.installed(new WorkerSpec(paths.cacheDir(), paths.logDir(), "the workbench is fine"));
    }

    public LathePaths paths() {
        return paths;
    }

    public Workbench workbench() {
        return workbench;
    }

    /** Stops this computer's runner and what else the workbench started for its devices, then the worker and store. */
    @Override
    public void close() {
        workbench.close();
        worker.close();
        store.close();
    }
}
