package dev.lathe.views.demo;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.demo.DemoException;
import dev.lathe.engine.demo.DemoStep;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.export.VariantExporter;
import dev.lathe.engine.export.pte.PteDelegate;
import dev.lathe.engine.files.Overwrite;
import dev.lathe.engine.hardware.ByteSize;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.variant.MadeVariants;
import dev.lathe.engine.variant.OptimizeRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a demo's steps against a workbench, blocking, with no screen: the command line calls it for every step, the
 * window's demo player from a worker thread. It remembers the demo's model and the variants the demo made, which
 * the later steps show. Cancel by interrupting the running thread ({@link CancelledException}).
 */
public final class DemoSteps {
    /** Progress lines at most this often: a presenter reads them, a log need not hold every batch. */
    static final long PROGRESS_EVERY_NANOS = 400_000_000L;

    private final Workbench workbench;
    private final Path exportFolder;
    private final List<ModelRecord> family = new ArrayList<>();

    /** @param exportFolder where export steps without {@code to} write */
    public DemoSteps(Workbench workbench, Path exportFolder) {
        this.workbench = workbench;
        this.exportFolder = exportFolder;
    }

    /** The demo's model now: the last opened model, or the last variant an optimize step made. */
    public synchronized Optional<ModelRecord> model() {
        return family.isEmpty() ? Optional.empty() : Optional.of(family.get(family.size() - 1));
    }

    /** The opened model and the variants this demo made, in order: what wall and compare steps show. */
    public synchronized List<ModelRecord> family() {
        return List.copyOf(family);
    }

    /**
     * The devices {@code names} name: "this computer", "every paired board" (online or not), or a device's name or
     * key as Lathe shows it, in any case.
     *
     * @throws DemoException for a name no device has, listing the names known
     */
    public List<DeviceEntry> devices(List<String> names) throws DemoException {
        return DemoDevices.resolve(names, DemoDevices.now(workbench.devices()));
    }

    /** Runs the whole of {@code step}, blocking; its lines and streamed latencies go to {@code listener}. */
    public void run(DemoStep step, StepListener listener) throws LatheException {
        CancelledException.checkpoint("Step " + step.number());
        DemoStep.Action action = step.action();
        if (action instanceof DemoStep.Open open) {
            open(open, listener);
            return;
        }
        ModelRecord model = model().orElseThrow(() -> new DemoException("Step " + step.number() + " ("
                + action.kind() + ") needs a model: open one in an earlier step"));
        if (action instanceof DemoStep.Optimize optimize) {
            optimize(model, optimize, listener);
        } else if (action instanceof DemoStep.Wall wall) {
            List<DeviceEntry> on = devices(wall.devices());
            if (on.isEmpty()) {
                throw new DemoException("Step " + step.number() + " names no device there is now: no board is "
                        + "paired; pair one (lathe pair) or add 'this computer'");
            }
            new DemoWall(workbench).run(on, family(), wall.seconds(), listener);
        } else if (action instanceof DemoStep.Compare compare) {
            boolean all = compare.devices().isEmpty();
            new DemoCompare(workbench).run(family(), all ? List.of() : devices(compare.devices()), all, listener);
        } else if (action instanceof DemoStep.Export export) {
            export(model, export, listener);
        }
    }

    private void open(DemoStep.Open open, StepListener listener) throws LatheException {
        ModelFormat.detect(open.model()).requireRecipeParent(open.model().getFileName().toString());
        ModelRecord model = workbench.open(open.model());
        synchronized (this) {
            family.clear();
            family.add(model);
        }
        listener.line("Opened " + model.name() + ": " + model.format().displayName() + ", "
                + ByteSize.of(model.fileBytes()));
    }

    private void optimize(ModelRecord model, DemoStep.Optimize step, StepListener listener) throws LatheException {
        Recipe recipe = new RecipeParser().parse(step.recipe());
        if (step.evaluation().isPresent()) {
            evaluateOnce(model, step.evaluation().get(), listener);
        }
        OptimizeRequest request = new OptimizeRequest(recipe, step.calibration(), step.evaluation(), Optional.empty());
        List<StoredVariant> made = workbench.optimize(model, request, throttled(listener));
        MadeVariants.calibratedOn(made, step.calibration()).ifPresent(listener::line);
        ModelRecord before = model;
        for (StoredVariant v : made) {
            listener.line(MadeVariants.figures(v, before));
            before = v.model();
        }
        synchronized (this) {
            made.forEach(v -> family.add(v.model()));
        }
    }

    /**
     * The opened model's top-1 on the data its variants are scored on, measured here unless this computer has it
     * already, so that a compare step sets the variants against it.
     */
    private void evaluateOnce(ModelRecord model, Path data, StepListener listener) throws LatheException {
        String here = workbench.thisComputer().id();
        Path file = data.toAbsolutePath().normalize();
        Optional<StoredEvaluation> known = workbench.evaluations(model).stream()
                .filter(e -> e.deviceId().equals(here) && Path.of(e.datasetPath()).toAbsolutePath().normalize()
                        .equals(file)).findFirst();
        StoredEvaluation e = known.isPresent() ? known.get()
                : workbench.evaluate(model, EvalRequest.of(data), throttled(listener));
        listener.line(model.name() + "  " + MadeVariants.top1(e) + (known.isPresent() ? " (measured before)" : ""));
    }

    /** Stage names as they come, progress at most every {@link #PROGRESS_EVERY_NANOS}. */
    private static Progress throttled(StepListener listener) {
        return new Progress() {
            private long last = System.nanoTime() - PROGRESS_EVERY_NANOS;

            @Override
            public void report(long done, long total, String message) {
                long now = System.nanoTime();
                if (now - last >= PROGRESS_EVERY_NANOS) {
                    last = now;
                    listener.line(message);
                }
            }

            @Override
            public void stage(String name) {
                listener.line(name);
            }
        };
    }

    private void export(ModelRecord model, DemoStep.Export step, StepListener listener) throws LatheException {
        Path into = step.to().orElse(exportFolder);
        Optional<String> refused = DemoCheck.exportProblem(step.format(), model.format());
        if (refused.isPresent()) {
            throw new DemoException(model.name() + ": " + refused.get());
        }
        List<Path> written = switch (step.format()) {
            case ONNX -> exported(workbench.export(model, into, Overwrite.REPLACE));
            case PTE -> {
                var w = workbench.exportPte(model, into, model.inputShape(),
                        PteDelegate.XNNPACK, Overwrite.REPLACE);
                yield List.of(w.pte(), w.provenance(), w.card());
            }
            case TORCHSCRIPT -> {
                if (model.format() != ModelFormat.ONNX) {
                    yield exported(workbench.export(model, into, Overwrite.REPLACE));
                }
                var w = workbench.exportTorchScript(model, into, Overwrite.REPLACE);
                yield List.of(w.pt(), w.provenance(), w.card());
            }
        };
        listener.line("Exported " + model.name() + " into " + into + ":");
        written.forEach(p -> listener.line("  " + p.getFileName()));
    }

    private static List<Path> exported(VariantExporter.Exported e) {
        return List.of(e.model(), e.provenance(), e.card());
    }
}
