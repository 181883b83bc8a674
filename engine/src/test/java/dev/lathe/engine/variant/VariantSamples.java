package dev.lathe.engine.variant;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.runtime.torchscript.TorchScriptInspector;
import dev.lathe.engine.runtime.torchscript.TorchScriptSession;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.store.ExperimentStore;
import java.nio.file.Path;

/** A full Workbench (recipes, fidelity, export) assembled as the app does, with the step runners a test chooses. */
public final class VariantSamples {
    private VariantSamples() {
    }

    /** With the quantize steps the app uses, on the samples' runtimes. */
    public static Workbench workbench(Path storeFile) throws LatheException {
        return workbench(storeFile, new QuantizeSteps(Samples.runtimes()));
    }

    public static Workbench workbench(Path storeFile, QuantizeStepRunner steps) throws LatheException {
        return workbench(storeFile, steps, new TrainingSteps(Samples.PYTORCH, Samples.runtimes(),
                Samples.cacheDir().resolve("soft-targets")));
    }

    /** A Workbench that opens, inspects and trains TorchScript models too, wired as the app wires it. */
    public static Workbench withTorchScript(Path storeFile) throws LatheException {
        Runtimes runtimes = Runtimes.inProcess(Samples.cacheDir(), (file, shape, options) ->
                new TorchScriptSession(Samples.PYTORCH, file, shape));
        return Workbench.builder().store(ExperimentStore.open(storeFile)).runtimes(runtimes)
                .torchScript(new TorchScriptInspector(Samples.PYTORCH)::inspect)
                .cacheDir(Samples.cacheDir()).pytorch(Samples.PYTORCH)
                .quantizeSteps(new QuantizeSteps(Samples.runtimes())).build();
    }

    public static Workbench workbench(Path storeFile, QuantizeStepRunner steps, TrainingStepRunner training)
            throws LatheException {
        return Workbench.builder().store(ExperimentStore.open(storeFile)).runtimes(Samples.runtimes())
                .torchScript((file, sha, bytes) -> {
                    throw new ModelFormatException(file, "TorchScript is not wired in this test");
                })
                .cacheDir(Samples.cacheDir()).quantizeSteps(steps).trainingSteps(training).build();
    }
}
