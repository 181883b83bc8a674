package dev.lathe.engine.recipe;

import dev.lathe.engine.files.InputFiles;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.quantize.QuantizeSpec.Calibration;
import dev.lathe.engine.quantize.QuantizeSpec.CalibrationMethod;
import dev.lathe.engine.quantize.QuantizeSpec.Mode;
import dev.lathe.engine.quantize.QuantizeSpec.ReduceRange;
import dev.lathe.engine.recipe.YamlTree.Entry;
import dev.lathe.engine.recipe.YamlTree.ListNode;
import dev.lathe.engine.recipe.YamlTree.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a recipe (format in docs/recipes.md) and validates it in one pass, filling in every default so the result
 * is complete. Every failure names the file, the line and the key, and says what is allowed. The parser checks the
 * shape (keys, types, choices); the bounds of a step's values are the rules of its records ({@code QuantizeSpec},
 * {@code PruneSpec}...), whose messages it prefixes with the line of the key they name.
 */
public final class RecipeParser {
    static final List<String> TOP_KEYS = List.of("lathe", "name", "seed", "steps");
    static final List<String> STEP_KINDS = List.of("quantize", "convert", "prune", "finetune", "distill");
    static final List<String> QUANTIZE_KEYS = List.of("mode", "per_channel", "activations", "reduce_range",
            "calibration", "exclude", "accuracy_budget");
    static final List<String> CALIBRATION_KEYS = List.of("method", "percentile", "samples");
    static final List<String> CONVERT_KEYS = List.of("precision");
    static final List<String> MODES = List.of("dynamic", "static", "weight-only");
    static final List<String> METHODS = List.of("minmax", "percentile", "entropy");
    static final List<String> ACTIVATIONS = List.of("asymmetric", "symmetric");
    static final List<String> PRECISIONS = List.of("fp16", "bf16");

    public Recipe parse(Path file) throws RecipeException {
        Optional<String> problem = InputFiles.problem(file, false);
        if (problem.isPresent()) {
            throw new RecipeException(file.getFileName() + ": " + problem.get());
        }
        String text;
        try {
            if (Files.size(file) > Recipe.MAX_BYTES) {
                throw tooLarge(String.valueOf(file.getFileName()), Files.size(file));
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RecipeException(file.getFileName() + ": cannot be read: " + e.getMessage(), e);
        }
        return parse(String.valueOf(file.getFileName()), text);
    }

    /** @param source what messages call the recipe, like {@code int8-static.yaml} */
    public Recipe parse(String source, String text) throws RecipeException {
        if (text.length() > Recipe.MAX_BYTES) {
            throw tooLarge(source, text.length());
        }
        Section top = Section.of(source, "the recipe", YamlTree.read(source, text), "a mapping starting with 'lathe: 1'");
        top.onlyKeys(TOP_KEYS);
        Entry version = top.required("lathe", "the recipe format version: lathe: " + Recipe.VERSION);
        long v = top.integer(version);
        if (v != Recipe.VERSION) {
            throw top.fail(version.keyLine(), "'lathe: " + v + "' is not a recipe version this Lathe reads; it reads "
                    + "version " + Recipe.VERSION);
        }
        String name = top.string(top.required("name", "a short name for the variants, like int8-static")).strip();
        if (name.isEmpty()) {
            throw top.fail(top.required("name", "").keyLine(), "'name' must not be empty");
        }
        long seed = top.entry("seed").isPresent() ? top.integer(top.entry("seed").get()) : Recipe.DEFAULT_SEED;
        Entry steps = top.required("steps", "a list of steps, like - quantize: { mode: dynamic }");
        if (!(steps.value() instanceof ListNode list) || list.items().isEmpty()) {
            throw top.fail(steps.keyLine(), "'steps' must be a list with at least one step (" + String.join(", ", STEP_KINDS)
                    + ")");
        }
        List<RecipeStep> parsed = new ArrayList<>();
        for (Node item : list.items()) {
            parsed.add(step(source, item, seed));
        }
        return new Recipe(Recipe.VERSION, name, seed, parsed);
    }

    private static RecipeException tooLarge(String source, long size) {
        return new RecipeException(source + ": is " + String.format(Locale.ROOT, "%.1f", size / 1048576.0)
                + " MiB; a recipe is at most 1 MiB (the examples in recipes/ are under 2 KB)");
    }

    /**
     * One step from its parameters, keyed and valued as a recipe writes them ({@link RecipeWriter#parameters}): how
     * a form that edits a step's fields gets the step, checked by exactly the rules a recipe file is. What a user
     * typed goes in as {@link Typed}, read as the same text in a file would be, so the form and a file agree on every
     * value and every message. A problem names the key ({@link RecipeException#key()}) and no line, like {@code 'sparsity' is the fraction of weights (or channels) removed: above 0 and below 1,
     * like 0.8, not 1.2}.
     *
     * @param kind       {@code quantize}, {@code convert}, {@code prune}, {@code finetune} or {@code distill}
     * @param recipeSeed what a finetune or distill step without a seed of its own takes, as in a recipe
     */
    public RecipeStep step(String kind, Map<String, ?> parameters, long recipeSeed) throws RecipeException {
        if (!STEP_KINDS.contains(kind)) {
            throw new RecipeException("'" + kind + "' is not a step; a step is one of " + String.join(", ", STEP_KINDS));
        }
        return step("", YamlTree.of(Map.of(kind, parameters)), recipeSeed);
    }

    /**
     * The words a recipe allows for a step's choice, as {@link RecipeWriter} writes them, so a form offers exactly
     * those: {@code choices("prune", "structure")} is {@code [unstructured, channel]}. Keys of nested mappings are
     * dotted: {@code schedule.kind}, {@code student.family}.
     *
     * @throws IllegalArgumentException for a key that is not a choice
     */
    public static List<String> choices(String kind, String key) {
        return switch (kind + "." + key) {
            case "prune.method" -> TrainingStepReader.PRUNE_METHODS;
            case "prune.structure" -> TrainingStepReader.STRUCTURES;
            case "prune.scope" -> TrainingStepReader.SCOPES;
            case "prune.schedule.kind" -> TrainingStepReader.SCHEDULES;
            case "finetune.optimizer" -> TrainingStepReader.OPTIMIZERS;
            case "distill.student.family" -> TrainingStepReader.FAMILIES;
            case "quantize.mode" -> MODES;
            case "quantize.activations" -> ACTIVATIONS;
            case "quantize.calibration.method" -> METHODS;
            case "convert.precision" -> PRECISIONS;
            default -> throw new IllegalArgumentException(kind + "." + key + " is not a choice in a recipe");
        };
    }

    private RecipeStep step(String source, Node item, long seed) throws RecipeException {
        String kinds = String.join(", ", STEP_KINDS);
        Section step = Section.of(source, "a step", item, "a mapping with one key, one of " + kinds);
        step.onlyKeys(STEP_KINDS);
        List<String> given = STEP_KINDS.stream().filter(k -> step.entry(k).isPresent()).toList();
        if (given.size() != 1) {
            throw step.fail(step.line(), "a step has exactly one of " + kinds + "; start a new '- ' item for each");
        }
        String kind = given.get(0);
        Section body = step.section(kind);
        return switch (kind) {
            case "quantize" -> quantize(body);
            case "convert" -> convert(body);
            case "prune" -> TrainingStepReader.prune(body);
            case "finetune" -> TrainingStepReader.finetune(body, seed);
            default -> TrainingStepReader.distill(body, seed);
        };
    }

    private RecipeStep quantize(Section q) throws RecipeException {
        q.onlyKeys(QUANTIZE_KEYS);
        Mode mode = Mode.valueOf(q.choice(q.required("mode", String.join(", ", MODES)), MODES)
                .replace('-', '_').toUpperCase(Locale.ROOT));
        boolean perChannel = q.bool("per_channel", true);
        boolean symmetric = q.entry("activations").isPresent()
                && q.choice(q.entry("activations").get(), ACTIVATIONS).equals("symmetric");
        ReduceRange reduceRange = reduceRange(q);
        Calibration calibration = q.entry("calibration").isPresent() ? calibration(q.section("calibration"))
                : Calibration.DEFAULT;
        List<String> exclude = q.entry("exclude").isPresent() ? q.strings(q.entry("exclude").get()) : List.of();
        Optional<Double> budget = q.entry("accuracy_budget").isPresent()
                ? Optional.of(q.number(q.entry("accuracy_budget").get())) : Optional.empty();
        return q.build(() -> new RecipeStep.Quantize(new QuantizeSpec(mode, perChannel, symmetric, reduceRange,
                calibration, exclude, budget)));
    }

    /** {@code auto} (the default), or {@code true}/{@code false} as YAML booleans or words. */
    private static ReduceRange reduceRange(Section q) throws RecipeException {
        Optional<Entry> found = q.entry("reduce_range");
        if (found.isEmpty()) {
            return ReduceRange.AUTO;
        }
        Entry e = found.get();
        Optional<ReduceRange> value = e.value() instanceof YamlTree.Scalar s && !s.isNull()
                ? ReduceRange.ofYaml(s.text()) : Optional.empty();
        return value.orElseThrow(() -> q.fail(e, "'reduce_range' must be auto, true or false, not "
                + Section.shown(e.value()) + " (auto keeps weights that no CPU's int8 kernels saturate)"));
    }

    private static Calibration calibration(Section c) throws RecipeException {
        c.onlyKeys(CALIBRATION_KEYS);
        Calibration d = Calibration.DEFAULT;
        CalibrationMethod method = c.entry("method").isPresent()
                ? CalibrationMethod.valueOf(c.choice(c.entry("method").get(), METHODS).toUpperCase(Locale.ROOT))
                : d.method();
        double percentile = c.entry("percentile").isPresent() ? c.number(c.entry("percentile").get()) : d.percentile();
        int samples = c.count("samples", d.samples());
        return c.build(() -> new Calibration(method, percentile, samples));
    }

    private static RecipeStep convert(Section c) throws RecipeException {
        c.onlyKeys(CONVERT_KEYS);
        String precision = c.choice(c.required("precision", String.join(" or ", PRECISIONS)), PRECISIONS);
        return new RecipeStep.Convert(Precision.valueOf(precision.toUpperCase(Locale.ROOT)));
    }
}
