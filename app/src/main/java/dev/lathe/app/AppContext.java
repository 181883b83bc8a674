package dev.lathe.app;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.device.LocalDevice;
import dev.lathe.engine.model.ModelInspector;
import dev.lathe.engine.model.torchscript.PyTorchEngine;
import dev.lathe.engine.model.torchscript.TorchScriptInspector;
import dev.lathe.engine.model.torchscript.TorchScriptSession;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.StoreException;
import dev.lathe.engine.variant.QuantizeSteps;
import dev.lathe.engine.variant.TrainingSteps;
import java.nio.file.Path;

/** Assembles the engine: the only place that knows which concrete pieces make up a Workbench. */
public final class AppContext implements AutoCloseable {
    private final LathePaths paths;
    private final ExperimentStore store;
    private final Workbench workbench;
    private final LocalDevice thisComputer;

    private AppContext(LathePaths paths, ExperimentStore store, Workbench workbench, LocalDevice thisComputer) {
        this.paths = paths;
        this.store = store;
        this.workbench = workbench;
        this.thisComputer = thisComputer;
    }

    /** Opens the store; runtimes start later, on first use, off the FX thread. */
    public static AppContext open(LathePaths paths) throws StoreException {
        ExperimentStore store = ExperimentStore.open(paths.storeFile());
        Path cache = paths.cacheDir();
        PyTorchEngine pytorch = new PyTorchEngine(cache.resolve("djl"));
        Runtimes runtimes = new Runtimes(cache, (file, shape, options) -> new TorchScriptSession(pytorch, file, shape));
        ModelInspector inspector = new ModelInspector(new TorchScriptInspector(pytorch)::inspect);
        QuantizeSteps steps = new QuantizeSteps(cache);
        LocalDevice thisComputer = new LocalDevice(runtimes);
        return new AppContext(paths, store, new Workbench(store, inspector, thisComputer, runtimes, steps,
                new TrainingSteps(pytorch, runtimes, cache.resolve("soft-targets"))), thisComputer);
    }

    public LathePaths paths() {
        return paths;
    }

    public Workbench workbench() {
        return workbench;
    }

    /** The in-process device the workbench runs on when no board is named. */
    public LocalDevice thisComputer() {
        return thisComputer;
    }

    @Override
    public void close() {
        store.close();
    }
}
