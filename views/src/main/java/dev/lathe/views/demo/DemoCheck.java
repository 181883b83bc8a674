package dev.lathe.views.demo;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.demo.DemoException;
import dev.lathe.engine.demo.DemoScenario;
import dev.lathe.engine.demo.DemoStep;
import dev.lathe.engine.demo.DemoStep.Export.Format;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.task.LatheException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a scenario before it goes on stage, without running it: the files it names are there, its recipes read,
 * its exports suit the model, and every device it names is known, paired and answering now. Each step gets an
 * estimate of how long it takes (a rough figure from file sizes, recipe step kinds and wall seconds, not a
 * measurement; docs/demos.md says how it is made).
 */
public final class DemoCheck {
    /** Opening reads and hashes the model: about this many bytes a second, plus a second to inspect it. */
    static final double OPEN_BYTES_PER_SECOND = 25e6;
    /** Each model on a wall's device: loading it and its warm-up runs, before the measured seconds. */
    static final double WALL_SECONDS_PER_MODEL = 5;
    /** Evaluating one variant on the step's data. */
    static final double EVALUATION_SECONDS = 30;

    /**
     * One step's verdict.
     *
     * @param step    its number, from 1
     * @param message "ok" with what was found, or the problem
     * @param seconds about how long the step takes (an estimate)
     */
    public record CheckLine(int step, String kind, boolean ok, String message, double seconds) {
    }

    private final Workbench workbench;
    private final DeviceAnswers answers;

    public DemoCheck(Workbench workbench) {
        this.workbench = workbench;
        this.answers = new DeviceAnswers(workbench.devices());
    }

    /** One line per step, in order. */
    public List<CheckLine> check(DemoScenario scenario) {
        Plan plan = new Plan();
        List<CheckLine> lines = new ArrayList<>();
        for (DemoStep step : scenario.steps()) {
            DemoStep.Action a = step.action();
            double seconds = estimate(a, plan);
            String message;
            boolean ok = true;
            try {
                message = check(step, plan);
            } catch (LatheException e) {
                ok = false;
                message = e.getMessage();
            }
            lines.add(new CheckLine(step.number(), a.kind(), ok, message, seconds));
        }
        return lines;
    }

    /** The scenario's estimated length: the steps' estimates added up. */
    public static double totalSeconds(List<CheckLine> lines) {
        return lines.stream().mapToDouble(CheckLine::seconds).sum();
    }

    /** Why {@code format} cannot be written from a model of {@code model}'s format, if it cannot. */
    static Optional<String> exportProblem(Format format, ModelFormat model) {
        boolean fits = switch (format) {
            case ONNX, PTE -> model == ModelFormat.ONNX;
            case TORCHSCRIPT -> model == ModelFormat.ONNX || model == ModelFormat.TORCHSCRIPT;
        };
        return fits ? Optional.empty() : Optional.of("is " + model.displayName() + "; export " + format.key()
                + " writes " + (format == Format.TORCHSCRIPT ? "ONNX and TorchScript" : "ONNX") + " models");
    }

    /** What the steps so far leave open: the model's file and format, and how many models its family has. */
    private static final class Plan {
        Optional<Path> model = Optional.empty();
        Optional<ModelFormat> format = Optional.empty();
        boolean opened;
        int familySize = 1;
    }

    private String check(DemoStep step, Plan plan) throws LatheException {
        DemoStep.Action a = step.action();
        if (a instanceof DemoStep.Open open) {
            return open(open, plan);
        }
        if (!plan.opened) {
            throw new DemoException("needs a model: add an open step before it");
        }
        if (a instanceof DemoStep.Optimize o) {
            return optimize(o, plan);
        }
        if (a instanceof DemoStep.Wall w) {
            List<DeviceEntry> on = answering(w.devices());
            if (on.isEmpty()) {
                throw new DemoException("no device to run on: no board is paired; pair one (lathe pair) or add '"
                        + DemoStep.Wall.THIS_COMPUTER + "'");
            }
            return "ok, " + plan.familySize + (plan.familySize == 1 ? " model" : " models") + " on "
                    + String.join(", ", on.stream().map(e -> DemoDevices.label(e, on)).toList());
        }
        if (a instanceof DemoStep.Compare c) {
            return c.devices().isEmpty() ? "ok, every device the family has runs on"
                    : "ok, on " + String.join(", ", DemoDevices.resolve(c.devices(), answers.entries()).stream()
                    .map(DeviceEntry::name).toList());
        }
        return export((DemoStep.Export) a, plan);
    }

    private static String open(DemoStep.Open open, Plan plan) throws LatheException {
        plan.opened = true;
        plan.model = Optional.empty();
        plan.format = Optional.empty();
        plan.familySize = 1;
        file(open.model(), false, "the model");
        ModelFormat format = ModelFormat.detect(open.model());
        format.requireRecipeParent(open.model().getFileName().toString());
        plan.model = Optional.of(open.model());
        plan.format = Optional.of(format);
        return "ok, " + open.model().getFileName() + " (" + format.displayName() + ")";
    }

    private static String export(DemoStep.Export e, Plan plan) throws DemoException {
        if (e.to().isPresent() && Files.exists(e.to().get()) && !Files.isDirectory(e.to().get())) {
            throw new DemoException("to: " + e.to().get() + " is a file; give a folder to export into");
        }
        if (plan.format.isPresent()) {
            Optional<String> refused = exportProblem(e.format(), plan.format.get());
            if (refused.isPresent()) {
                throw new DemoException("the model " + refused.get());
            }
        }
        return "ok, " + e.format().key() + e.to().map(t -> " into " + t).orElse("");
    }

    private String optimize(DemoStep.Optimize o, Plan plan) throws LatheException {
        file(o.recipe(), false, "the recipe");
        Recipe recipe = new RecipeParser().parse(o.recipe());
        if (o.calibration().isPresent()) {
            file(o.calibration().get(), true, "calibration");
        }
        if (o.evaluation().isPresent()) {
            file(o.evaluation().get(), true, "data");
        }
        for (RecipeStep s : recipe.steps()) {
            if (s.trains()) {
                throw new DemoException(o.recipe().getFileName() + ": its " + s.kind() + " step trains, and a demo "
                        + "gives no training set; use a recipe that does not train");
            }
            if (s instanceof RecipeStep.Quantize q && q.spec().mode() == QuantizeSpec.Mode.STATIC
                    && o.calibration().isEmpty()) {
                throw new DemoException(o.recipe().getFileName() + ": static quantization calibrates on examples; "
                        + "add calibration: DATASET");
            }
        }
        if (plan.model.isEmpty()) {
            return "ok, " + recipe.name() + " (its variants' names once the model opens)";
        }
        List<String> names = workbench.variantNames(plan.model.get(), recipe);
        plan.familySize += names.size();
        return "ok, makes " + String.join(", ", names);
    }

    private static void file(Path path, boolean folderAllowed, String what) throws DemoException {
        String problem = !Files.exists(path) ? "does not exist"
                : Files.isDirectory(path) ? (folderAllowed ? null : "is a folder, not a file")
                : Files.isRegularFile(path) ? null : "is not a regular file";
        if (problem != null) {
            throw new DemoException(what + " " + path + " " + problem);
        }
    }

    /** The named devices, each checked to be paired and answering now. */
    private List<DeviceEntry> answering(List<String> names) throws DemoException {
        List<DeviceEntry> on = DemoDevices.resolve(names, answers.entries());
        List<String> problems = new ArrayList<>();
        for (DeviceEntry e : on) {
            answers.problem(e).ifPresent(p -> problems.add(e.name() + " " + p));
        }
        if (!problems.isEmpty()) {
            throw new DemoException(String.join("; ", problems));
        }
        return on;
    }

    private static double estimate(DemoStep.Action a, Plan plan) {
        if (a instanceof DemoStep.Open open) {
            long bytes;
            try {
                bytes = Files.size(open.model());
            } catch (IOException e) {
                bytes = 0;
            }
            return 1 + bytes / OPEN_BYTES_PER_SECOND;
        }
        if (a instanceof DemoStep.Optimize o) {
            try {
                Recipe recipe = new RecipeParser().parse(o.recipe());
                // with data, each variant is scored, and the opened model too unless it was before
                double scoring = o.evaluation().isPresent() ? EVALUATION_SECONDS : 0;
                return scoring + recipe.steps().stream().mapToDouble(s -> stepSeconds(s.kind()) + scoring).sum();
            } catch (LatheException unreadable) {
                return 0;
            }
        }
        if (a instanceof DemoStep.Wall w) {
            // the devices run at once: the family's models one after another on each
            return plan.familySize * (w.seconds() + WALL_SECONDS_PER_MODEL);
        }
        if (a instanceof DemoStep.Export e) {
            return switch (e.format()) {
                case ONNX -> 2;
                case TORCHSCRIPT -> 10;
                case PTE -> 30;
            };
        }
        return 2;
    }

    /** A recipe step's usual length on the sample model: a rough figure, said as such. */
    static double stepSeconds(String kind) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "quantize" -> 30;
            case "convert" -> 10;
            case "prune" -> 20;
            default -> 300;
        };
    }
}
