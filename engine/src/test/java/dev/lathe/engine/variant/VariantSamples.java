package dev.lathe.engine.variant;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.device.LocalDevice;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.inspect.ModelInspector;
import dev.lathe.engine.runtime.torchscript.TorchScriptInspector;
import dev.lathe.engine.runtime.torchscript.TorchScriptSession;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.store.ExperimentStore;
import java.nio.file.Path;

/** A full Workbench (recipes, fidelity, export) assembled as the app does, with the step runners a test chooses. */
public final class VariantSamples {
    private VariantSamples() {
    }

    public static Workbench workbench(Path storeFile, QuantizeStepRunner steps) throws LatheException {
        return workbench(storeFile, steps, new TrainingSteps(Samples.PYTORCH, Samples.runtimes(),
                Samples.cacheDir().resolve("soft-targets")));
    }

    /** A Workbench that opens, inspects and trains TorchScript models too, wired as the app wires it. */
    public static Workbench withTorchScript(Path storeFile) throws LatheException {
        Runtimes runtimes = Runtimes.inProcess(Samples.cacheDir(), (file, shape, options) ->
                new TorchScriptSession(Samples.PYTORCH, file, shape));
        ModelInspector inspector = new ModelInspector(new TorchScriptInspector(Samples.PYTORCH)::inspect);
        return new Workbench(ExperimentStore.open(storeFile), inspector, new LocalDevice(runtimes), runtimes,
                new QuantizeSteps(Samples.runtimes()), new TrainingSteps(Samples.PYTORCH, runtimes,
                Samples.cacheDir().resolve("soft-targets")));
    }

    public static Workbench workbench(Path storeFile, QuantizeStepRunner steps, TrainingStepRunner training)
            throws LatheException {
        ModelInspector inspector = new ModelInspector((file, sha, bytes) -> {
            throw new ModelFormatException(file, "TorchScript is not wired in this test");
        });
        return new Workbench(ExperimentStore.open(storeFile), inspector, new LocalDevice(Samples.runtimes()),
                Samples.runtimes(), steps, training);
    }
}
