package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.variant.MadeVariants;
import dev.lathe.engine.variant.OptimizeRequest;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.quantize.LayerError;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.PruningSummary;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.engine.store.TrainingSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "optimize", mixinStandardHelpOptions = true,
        description = "Apply a recipe (docs/recipes.md) to an ONNX or TorchScript model: one stored variant per step,"
                + " copied into --out. TorchScript models take finetune and unstructured prune steps.")
final class OptimizeCommand implements Callable<Integer> {
    private static final int WORST_SHOWN = 5;
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "An ONNX (.onnx) or TorchScript (.pt) file.")
    Path model;

    @Option(names = "--recipe", required = true, paramLabel = "RECIPE.yaml", description = "The recipe to apply.")
    Path recipe;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder the variant files are copied into.")
    Path out;

    @Option(names = "--calib", paramLabel = "DATASET", description = "Calibration examples: needed by static quantization and an accuracy budget; "
            + "with any quantize step, they also measure the per-layer error report. Default: the --train data, so "
            + "the ranges are not fitted on the examples --data then scores.")
    Path calib;

    @Option(names = "--data", paramLabel = "DATASET", description = "Evaluate each variant on this labelled dataset.")
    Path data;

    @Option(names = "--input-shape", paramLabel = "SHAPE", converter = InputShape.Converter.class,
            description = "Input shape for models that leave sizes open, like 1x3x640x640 (remembered per model).")
    InputShape inputShape;
    @Option(names = "--train", paramLabel = "DATASET", description = "Labelled examples that training steps "
            + "(finetune, gradual prune) learn from, read like --data.")
    Path train;

    @Option(names = "--json", description = "Print JSON (fields in docs/cli.md).")
    boolean json;

    @Option(names = "--force", description = "Replace files of the same name in --out (otherwise refused before any work).")
    boolean force;

    OptimizeCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Recipe parsed = new RecipeParser().parse(recipe);
        var workbench = context.get().workbench();
        OutFolder folder = OutFolder.check(out, workbench.variantNames(model, parsed), force);
        ModelRecord parent = ModelArgs.open(workbench, model, Optional.ofNullable(inputShape).map(InputShape::dims));
        List<StoredVariant> variants;
        try (CommandProgress progress = CommandProgress.open(spec, json)) {
            OptimizeRequest request = new OptimizeRequest(parsed, calibration(), Optional.ofNullable(data),
                    Optional.ofNullable(train)).withCopies(folder::copy);
            variants = workbench.optimize(parent, request, progress);
        } catch (LatheException | RuntimeException e) {
            folder.removeIfMadeAndEmpty();
            throw e;
        }
        print(parent, parsed, variants, folder, spec.commandLine().getOut());
        return 0;
    }

    /** The calibration examples: --calib, else the training data (a split the evaluation does not score). */
    private Optional<Path> calibration() {
        return Optional.ofNullable(calib).or(() -> Optional.ofNullable(train));
    }

    /** "calibrated on train-images-idx3-ubyte.gz (the --train data)", where a step calibrated. */
    private Optional<String> calibratedOn(List<StoredVariant> variants) {
        return MadeVariants.calibratedOn(variants, calibration())
                .map(line -> line + (calib == null ? " (the --train data; --calib picks another)" : ""));
    }

    private void print(ModelRecord parent, Recipe parsed, List<StoredVariant> variants, OutFolder folder, PrintWriter w) {
        List<Path> copies = folder.copies();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (int i = 0; i < variants.size(); i++) {
                Map<String, Object> v = variantJson(variants.get(i), copies.get(i));
                v.put("provenancePath", folder.provenances().get(i).toAbsolutePath().toString());
                list.add(v);
            }
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("model", parent.name());
            j.put("modelSha256", parent.sha256());
            j.put("recipe", parsed.name());
            if (calibratedOn(variants).isPresent()) {
                j.put("calibrationDataset", calibration().orElseThrow().getFileName().toString());
            }
            j.put("variants", list);
            Output.json(w, j);
            return;
        }
        calibratedOn(variants).ifPresent(w::println);
        for (int i = 0; i < variants.size(); i++) {
            StoredVariant v = variants.get(i);
            ModelRecord before = i == 0 ? parent : variants.get(i - 1).model();
            w.printf(Locale.ROOT, "%s%n  -> %s (provenance: %s)%n", MadeVariants.figures(v, before), copies.get(i),
                    folder.provenances().get(i).getFileName());
            v.report().pruning().ifPresent(p -> printPruning(p, w));
            if (v.report().training().isPresent()) {
                TrainingSummary t = v.report().training().get();
                w.printf(Locale.ROOT, "  trained %d epoch%s on %d examples in %.1f s: final loss %.4f, train accuracy %s%n",
                        t.epochs(), t.epochs() == 1 ? "" : "s", t.examples(), t.millis() / 1000.0, t.finalLoss(),
                        Output.percent(t.finalAccuracy()));
            } else if (v.report().pruning().isEmpty()) {
                w.printf("  %d nodes quantized, %d left in float%n", v.report().quantizedNodes().size(),
                        v.report().floatNodes().size());
            }
            v.report().warnings().forEach(warning -> w.println("  warning: " + warning));
            printWorstLayers(v, w);
        }
    }

    /** Counted from the files: parameters, non-zero values and gzip size before and after, and each layer's cut. */
    private static void printPruning(PruningSummary p, PrintWriter w) {
        w.printf(Locale.ROOT, "  pruned (%s): parameters %,d -> %,d (%.2fx), non-zero %,d -> %,d, gzip %s -> %s (%.2fx)%n",
                p.structure(), p.paramsBefore(), p.paramsAfter(), (double) p.paramsAfter() / p.paramsBefore(),
                p.nonZeroBefore(), p.nonZeroAfter(), Output.bytes(p.gzipBefore()), Output.bytes(p.gzipAfter()),
                (double) p.gzipAfter() / p.gzipBefore());
        p.layers().forEach(l -> w.printf(Locale.ROOT, "    %-40s %-6s %,d -> %,d %s (%.0f %% removed)%n", l.node(),
                l.op(), l.before(), l.after(), l.unit(), 100 * l.sparsity()));
    }

    /** The layers that lost most, so a user sees what to exclude without opening the GUI. */
    private static void printWorstLayers(StoredVariant v, PrintWriter w) {
        List<LayerError> errors = v.report().layerErrors();
        if (errors.isEmpty()) {
            return;
        }
        w.println("  worst layers (SQNR against float; keep one in float with exclude: [\"NAME\"]):");
        errors.stream().limit(WORST_SHOWN).forEach(e -> w.printf(Locale.ROOT, "    %-40s %-8s %6.1f dB%n", e.node(),
                e.op(), e.sqnrDb()));
        if (errors.size() > WORST_SHOWN) {
            w.printf("    … %d more (all in --json)%n", errors.size() - WORST_SHOWN);
        }
    }

    private static Map<String, Object> trainingJson(TrainingSummary t) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("epochs", t.epochs());
        j.put("examples", t.examples());
        j.put("finalLoss", t.finalLoss());
        j.put("finalAccuracy", t.finalAccuracy());
        j.put("millis", t.millis());
        return j;
    }

    private static Map<String, Object> variantJson(StoredVariant v, Path copy) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("name", v.model().name());
        j.put("path", copy.toAbsolutePath().toString());
        j.put("fileBytes", v.model().fileBytes());
        j.put("sha256", v.model().sha256());
        j.put("parentSha256", v.provenance().parentSha256());
        j.put("step", v.provenance().step());
        j.put("parameters", v.provenance().parameters());
        j.put("ran", v.provenance().ran());
        v.evaluation().ifPresent(e -> j.put("top1", e.result().top1()));
        j.put("quantizedNodes", v.report().quantizedNodes().size());
        j.put("floatNodes", v.report().floatNodes());
        j.put("warnings", v.report().warnings());
        j.put("layerErrors", v.report().layerErrors());
        v.report().training().ifPresent(t -> j.put("training", trainingJson(t)));
        v.report().pruning().ifPresent(p -> j.put("pruning", p));
        return j;
    }
}
