package dev.lathe.engine.recipe;

import dev.lathe.engine.distill.DistillSpec;
import dev.lathe.engine.prune.PruneException;
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
    /** Epochs of one step: ImageNet recipes train for at most a few hundred. */
    static final int MAX_EPOCHS = 10_000;
    /** A training batch: beyond this one batch of images outgrows a desktop's memory. */
    static final int MAX_BATCH = 65_536;

    private TrainingStepReader() {
    }

    static RecipeStep prune(Section p) throws RecipeException {
        p.onlyKeys(PRUNE_KEYS);
        PruneSpec.Method method = p.choice("method", PRUNE_METHODS, "magnitude").equals("l2") ? PruneSpec.Method.L2
                : PruneSpec.Method.L1;
        PruneSpec.Structure structure = PruneSpec.Structure.valueOf(upper(p.choice("structure", STRUCTURES, "unstructured")));
        Entry s = p.required("sparsity", "the final fraction of weights or channels removed, like 0.8");
        double sparsity = p.number(s);
        if (!(sparsity > 0 && sparsity < 1)) {
            throw p.fail(s.keyLine(), "'sparsity' is the fraction of weights (or channels) removed: above 0 and below 1, "
                    + "like 0.8, not " + sparsity);
        }
        PruneSpec.Scope scope = PruneSpec.Scope.valueOf(upper(p.choice("scope", SCOPES, "global")));
        PruneSchedule schedule = p.entry("schedule").isPresent() ? schedule(p.section("schedule"), sparsity)
                : defaultSchedule(sparsity);
        List<String> exclude = p.entry("exclude").isPresent() ? RecipeParser.patterns(p, p.entry("exclude").get())
                : List.of();
        Optional<Integer> examples = p.entry("examples").isPresent() ? Optional.of(p.count("examples", 0))
                : Optional.empty();
        PruneSpec spec = new PruneSpec(method, structure, sparsity, scope, schedule, exclude);
        try {
            spec.validate();  // the pruner's own rules too (a schedule of at most 1000 cuts), before any work
        } catch (PruneException e) {
            throw p.fail(p.line(), e.getMessage());
        }
        return new RecipeStep.Prune(spec, examples, learningRate(p, PRUNE_LR));
    }

    /** Zhu and Gupta's cubic ramp over 10 cuts, its first at 5 % (or half the final sparsity, if that is lower). */
    static PruneSchedule defaultSchedule(double sparsity) {
        return new PruneSchedule(PruneSchedule.Kind.GRADUAL, Math.min(0.05, sparsity / 2), 10, 3);
    }

    private static PruneSchedule schedule(Section s, double sparsity) throws RecipeException {
        s.onlyKeys(SCHEDULE_KEYS);
        PruneSchedule d = defaultSchedule(sparsity);
        PruneSchedule.Kind kind = s.choice("kind", SCHEDULES, "gradual").equals("oneshot") ? PruneSchedule.Kind.ONE_SHOT
                : PruneSchedule.Kind.GRADUAL;
        double start = d.start();
        if (s.entry("start").isPresent()) {
            Entry e = s.entry("start").get();
            start = s.number(e);
            if (!(start >= 0 && start < sparsity)) {
                throw s.fail(e.keyLine(), "'start' is the sparsity of the first cut: at least 0 and below the final "
                        + "sparsity (" + sparsity + "), like 0.05, not " + start);
            }
        }
        int steps = s.count("steps", d.steps());
        double power = d.power();
        if (s.entry("power").isPresent()) {
            Entry e = s.entry("power").get();
            power = s.number(e);
            if (!(power >= 1 && power <= 10)) {
                throw s.fail(e.keyLine(), "'power' shapes the schedule (3 prunes fast early, 1 evenly): from 1 to 10, "
                        + "not " + power);
            }
        }
        return new PruneSchedule(kind, start, steps, power);
    }

    static RecipeStep finetune(Section f, long recipeSeed) throws RecipeException {
        f.onlyKeys(FINETUNE_KEYS);
        int epochs = f.count("epochs", FinetuneSpec.DEFAULT_EPOCHS, MAX_EPOCHS);
        double lr = learningRate(f, FinetuneSpec.DEFAULT_LEARNING_RATE);
        int batch = f.count("batch", FinetuneSpec.DEFAULT_BATCH, MAX_BATCH);
        FineTuneConfig.Optimizer optimizer = FineTuneConfig.Optimizer.valueOf(upper(f.choice("optimizer", OPTIMIZERS,
                FinetuneSpec.DEFAULT_OPTIMIZER.name().toLowerCase(Locale.ROOT))));
        long seed = f.entry("seed").isPresent() ? f.integer(f.entry("seed").get()) : recipeSeed;
        Optional<Integer> examples = f.entry("examples").isPresent() ? Optional.of(f.count("examples", 0))
                : Optional.empty();
        return new RecipeStep.Finetune(new FinetuneSpec(epochs, lr, batch, optimizer, seed, examples));
    }

    private static double learningRate(Section f, double byDefault) throws RecipeException {
        if (f.entry("lr").isEmpty()) {
            return byDefault;
        }
        Entry e = f.entry("lr").get();
        double lr = f.number(e);
        if (!(lr > 0 && lr < 1)) {
            throw f.fail(e.keyLine(), "'lr' (the learning rate) must be above 0 and below 1, like 0.001, not " + lr);
        }
        return lr;
    }

    static RecipeStep distill(Section d, long recipeSeed) throws RecipeException {
        d.onlyKeys(DISTILL_KEYS);
        d.required("student", "{ width: 0.5 } for the teacher with half its channels, or { family: mlp, layers: [128] }");
        DistillSpec.Student student = student(d.section("student"));
        double temperature = DistillSpec.DEFAULT_TEMPERATURE;
        if (d.entry("temperature").isPresent()) {
            Entry e = d.entry("temperature").get();
            temperature = d.number(e);
            if (!(temperature > 0 && temperature <= 100)) {
                throw d.fail(e.keyLine(), "'temperature' must be above 0 and at most 100, like 4, not " + temperature);
            }
        }
        double alpha = DistillSpec.DEFAULT_ALPHA;
        if (d.entry("alpha").isPresent()) {
            Entry e = d.entry("alpha").get();
            alpha = d.number(e);
            if (!(alpha >= 0 && alpha <= 1)) {
                throw d.fail(e.keyLine(), "'alpha' is the weight of the soft-target loss: from 0 to 1, like 0.7, not "
                        + alpha);
            }
        }
        int epochs = d.count("epochs", DistillSpec.DEFAULT_EPOCHS, MAX_EPOCHS);
        long seed = d.entry("seed").isPresent() ? d.integer(d.entry("seed").get()) : recipeSeed;
        Optional<Integer> examples = d.entry("examples").isPresent() ? Optional.of(d.count("examples", 0))
                : Optional.empty();
        return new RecipeStep.Distill(new DistillSpec(student, temperature, alpha, epochs, seed), examples);
    }

    private static DistillSpec.Student student(Section s) throws RecipeException {
        s.onlyKeys(STUDENT_KEYS);
        if (s.entry("width").isPresent() == s.entry("family").isPresent()) {
            throw s.fail(s.line(), "a student has either 'width' (a share of the teacher's channels, like 0.5) or "
                    + "'family' (mlp or cnn, with layers), not " + (s.entry("width").isPresent() ? "both" : "neither"));
        }
        if (s.entry("width").isPresent()) {
            Entry e = s.entry("width").get();
            if (s.entry("layers").isPresent()) {
                throw s.fail(s.entry("layers").get().keyLine(), "'layers' goes with 'family'; a student given by "
                        + "'width' keeps the teacher's layers");
            }
            double width = s.number(e);
            if (!(width > 0 && width < 1)) {
                throw s.fail(e.keyLine(), "'width' is the student's share of the teacher's channels: above 0 and below 1 "
                        + "(a student as wide as its teacher, or wider, makes nothing leaner), like 0.5, not " + width);
            }
            return new DistillSpec.Narrower(width);
        }
        DistillSpec.Kind family = DistillSpec.Kind.valueOf(upper(s.choice(s.entry("family").get(), FAMILIES)));
        Entry e = s.required("layers", "hidden widths for mlp or channel counts for cnn, like [128, 64]");
        List<Integer> layers = new ArrayList<>();
        for (long n : s.integers(e)) {
            if (n < 1 || n > 65_536) {
                throw s.fail(e.keyLine(), "'layers' sizes must be from 1 to 65536, not " + n);
            }
            layers.add((int) n);
        }
        if (layers.isEmpty()) {
            throw s.fail(e.keyLine(), "'layers' must list at least one size, like [128]");
        }
        return new DistillSpec.Family(family, layers);
    }

    private static String upper(String yamlName) {
        return yamlName.replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
