package dev.lathe.engine.recipe;

import dev.lathe.engine.distill.DistillSpec;
import dev.lathe.engine.prune.PruneSpec;
import dev.lathe.engine.prune.PruneSchedule;
import dev.lathe.engine.train.FineTuneConfig;
import dev.lathe.engine.train.FinetuneSpec;
import dev.lathe.engine.recipe.YamlTree.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the steps that change weights by training or cutting them (prune, finetune, distill), with the same
 * line-numbered messages as the rest of the parser. Apart from {@link RecipeParser} so neither grows past a screenful
 * of rules per step.
 */
final class TrainingStepReader {
    static final List<String> PRUNE_KEYS = List.of("method", "structure", "sparsity", "scope", "schedule", "exclude",
            "examples", "lr");
    /** Adam's learning rate between a gradual schedule's cuts, unless the step says otherwise. */
    static final double PRUNE_LR = 3e-4;
    static final List<String> SCHEDULE_KEYS = List.of("kind", "start", "steps", "power");
    static final List<String> FINETUNE_KEYS = List.of("epochs", "lr", "batch", "optimizer", "seed", "examples");
    static final List<String> DISTILL_KEYS = List.of("student", "temperature", "alpha", "epochs", "seed", "examples");
    static final List<String> STUDENT_KEYS = List.of("width", "family", "layers");
    static final List<String> PRUNE_METHODS = List.of("magnitude", "l2");
    static final List<String> STRUCTURES = List.of("unstructured", "channel");
    static final List<String> SCOPES = List.of("global", "per_layer");
    static final List<String> SCHEDULES = List.of("gradual", "oneshot");
    static final List<String> OPTIMIZERS = List.of("adam", "sgd");
    static final List<String> FAMILIES = List.of("mlp", "cnn");

    private TrainingStepReader() {
    }

    static RecipeStep prune(Section p) throws RecipeException {
        p.onlyKeys(PRUNE_KEYS);
        PruneSpec.Method method = p.choice("method", PRUNE_METHODS, "magnitude").equals("l2") ? PruneSpec.Method.L2
                : PruneSpec.Method.L1;
        PruneSpec.Structure structure = PruneSpec.Structure.valueOf(upper(p.choice("structure", STRUCTURES, "unstructured")));
        double sparsity = p.number(p.required("sparsity", "the final fraction of weights or channels removed, like 0.8"));
        PruneSpec.Scope scope = PruneSpec.Scope.valueOf(upper(p.choice("scope", SCOPES, "global")));
        PruneSchedule schedule = p.entry("schedule").isPresent() ? schedule(p.section("schedule"), sparsity)
                : defaultSchedule(sparsity);
        List<String> exclude = p.entry("exclude").isPresent() ? p.strings(p.entry("exclude").get()) : List.of();
        Optional<Integer> examples = p.entry("examples").isPresent() ? Optional.of(p.count("examples", 0))
                : Optional.empty();
        double lr = learningRate(p, PRUNE_LR);
        return p.build(() -> new RecipeStep.Prune(new PruneSpec(method, structure, sparsity, scope, schedule, exclude),
                examples, lr));
    }

    /**
     * Zhu and Gupta's cubic ramp over 10 cuts, its first at 5 % (or half the final sparsity, if that is lower). A
     * sparsity out of range starts at 0, so that {@link PruneSpec} names the sparsity, not the start.
     */
    static PruneSchedule defaultSchedule(double sparsity) {
        return new PruneSchedule(PruneSchedule.Kind.GRADUAL, sparsity > 0 ? Math.min(0.05, sparsity / 2) : 0, 10, 3);
    }

    private static PruneSchedule schedule(Section s, double sparsity) throws RecipeException {
        s.onlyKeys(SCHEDULE_KEYS);
        PruneSchedule d = defaultSchedule(sparsity);
        PruneSchedule.Kind kind = s.choice("kind", SCHEDULES, "gradual").equals("oneshot") ? PruneSchedule.Kind.ONE_SHOT
                : PruneSchedule.Kind.GRADUAL;
        double start = s.entry("start").isPresent() ? s.number(s.entry("start").get()) : d.start();
        int steps = s.count("steps", d.steps());
        double power = s.entry("power").isPresent() ? s.number(s.entry("power").get()) : d.power();
        return s.build(() -> new PruneSchedule(kind, start, steps, power));
    }

    static RecipeStep finetune(Section f, long recipeSeed) throws RecipeException {
        f.onlyKeys(FINETUNE_KEYS);
        int epochs = f.count("epochs", FinetuneSpec.DEFAULT_EPOCHS);
        double lr = learningRate(f, FinetuneSpec.DEFAULT_LEARNING_RATE);
        int batch = f.count("batch", FinetuneSpec.DEFAULT_BATCH);
        FineTuneConfig.Optimizer optimizer = FineTuneConfig.Optimizer.valueOf(upper(f.choice("optimizer", OPTIMIZERS,
                FinetuneSpec.DEFAULT_OPTIMIZER.name().toLowerCase(Locale.ROOT))));
        long seed = f.entry("seed").isPresent() ? f.integer(f.entry("seed").get()) : recipeSeed;
        Optional<Integer> examples = f.entry("examples").isPresent() ? Optional.of(f.count("examples", 0))
                : Optional.empty();
        return f.build(() -> new RecipeStep.Finetune(new FinetuneSpec(epochs, lr, batch, optimizer, seed, examples)));
    }

    private static double learningRate(Section f, double byDefault) throws RecipeException {
        return f.entry("lr").isPresent() ? f.number(f.entry("lr").get()) : byDefault;
    }

    static RecipeStep distill(Section d, long recipeSeed) throws RecipeException {
        d.onlyKeys(DISTILL_KEYS);
        d.required("student", "{ width: 0.5 } for the teacher with half its channels, or { family: mlp, layers: [128] }");
        DistillSpec.Student student = student(d.section("student"));
        double temperature = d.entry("temperature").isPresent() ? d.number(d.entry("temperature").get())
                : DistillSpec.DEFAULT_TEMPERATURE;
        double alpha = d.entry("alpha").isPresent() ? d.number(d.entry("alpha").get()) : DistillSpec.DEFAULT_ALPHA;
        int epochs = d.count("epochs", DistillSpec.DEFAULT_EPOCHS);
        long seed = d.entry("seed").isPresent() ? d.integer(d.entry("seed").get()) : recipeSeed;
        Optional<Integer> examples = d.entry("examples").isPresent() ? Optional.of(d.count("examples", 0))
                : Optional.empty();
        return d.build(() -> new RecipeStep.Distill(new DistillSpec(student, temperature, alpha, epochs, seed),
                examples));
    }

    private static DistillSpec.Student student(Section s) throws RecipeException {
        s.onlyKeys(STUDENT_KEYS);
        if (s.entry("width").isPresent() == s.entry("family").isPresent()) {
            throw s.fail(s.line(), "a student has either 'width' (a share of the teacher's channels, like 0.5) or "
                    + "'family' (mlp or cnn, with layers), not " + (s.entry("width").isPresent() ? "both" : "neither"));
        }
        if (s.entry("width").isPresent()) {
            if (s.entry("layers").isPresent()) {
                throw s.fail(s.entry("layers").get(), "'layers' goes with 'family'; a student given by "
                        + "'width' keeps the teacher's layers");
            }
            double width = s.number(s.entry("width").get());
            return s.build(() -> new DistillSpec.Narrower(width));
        }
        DistillSpec.Kind family = DistillSpec.Kind.valueOf(upper(s.choice(s.entry("family").get(), FAMILIES)));
        Entry e = s.required("layers", "hidden widths for mlp or channel counts for cnn, like [128, 64]");
        List<Integer> layers = new ArrayList<>();
        for (long n : s.integers(e)) {
            if (n != (int) n) {
                throw s.fail(e, "'layers' is too large: " + n);
            }
            layers.add((int) n);
        }
        return s.build(() -> new DistillSpec.Family(family, layers));
    }

    private static String upper(String yamlName) {
        return yamlName.replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
