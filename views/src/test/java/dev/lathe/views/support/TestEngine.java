package dev.lathe.views.support;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.device.LocalDevice;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.inspect.ModelInspector;
import dev.lathe.engine.runtime.torchscript.PyTorchEngine;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.StoreException;
import dev.lathe.engine.variant.QuantizeSteps;
import dev.lathe.engine.variant.TrainingSteps;
import java.nio.file.Path;

/**
 * A real engine over a store in a temp folder. The one place tests build a Workbench, so a change to how the
 * engine is assembled is a one-line fix here.
 */
public final class TestEngine implements AutoCloseable {
    private final ExperimentStore store;
    private final Workbench workbench;
    private final LocalDevice thisComputer;

    private TestEngine(ExperimentStore store, Workbench workbench, LocalDevice thisComputer) {
        this.store = store;
        this.workbench = workbench;
        this.thisComputer = thisComputer;
    }

    public static Path cacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache/lathe");
    }

    public static TestEngine open(Path storeFile) throws StoreException {
        ExperimentStore store = ExperimentStore.open(storeFile);
        ModelInspector inspector = new ModelInspector((file, sha, bytes) -> {
            throw new ModelFormatException(file, "TorchScript is not wired in this test");
        });
        Runtimes runtimes = Runtimes.inProcess(cacheDir(), (model, shape, options) -> {
            throw new InferenceException(model.getFileName() + ": TorchScript is not wired in this test");
        });
        LocalDevice thisComputer = new LocalDevice(runtimes);
        Workbench workbench = new Workbench(store, inspector, thisComputer, runtimes,
                new QuantizeSteps(runtimes), new TrainingSteps(new PyTorchEngine(cacheDir().resolve("djl")), runtimes,
                        cacheDir().resolve("soft-targets")));
        return new TestEngine(store, workbench, thisComputer);
    }

    public Workbench workbench() {
        return workbench;
    }

    /** The in-process device the workbench benchmarks on by default. */
    public LocalDevice thisComputer() {
        return thisComputer;
    }

    @Override
    public void close() {
        store.close();
    }
}
