package dev.lathe.views.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.recipe.RecipeWriter;
import dev.lathe.engine.train.FineTuneConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A property, over {@value #CASES} forms filled at random (seeded; a failure names the seed): the Optimize form and a
 * recipe file agree on every value. The same text typed into a field and written after the key in a file is accepted
 * by both or refused by both; refused, with the same words, beside the field of the key the file's message names at
 * that key's line; accepted, as the same recipe, and the YAML the form shows parses back to it. The texts are what a
 * person types: blanks, whole and decimal numbers across and onto each rule's edges, past an int, and words.
 */
class FormAndFileAgreeTest {
    static final int CASES = 4000;
    private static final List<String> JUNK = List.of("abc", "lots", "1.2.3", "x", "NaN", "--1", "1/2");
    private static final List<String> EDGES = List.of("0", "1", "-1", "0.0", "-0.5", "50", "50.0001", "99.99", "100",
            "100.5", "1000", "1001", "10", "10.5", "65536", "65537", "0.999", "1.0", "2147483647", "2147483648",
            "99999999999", "0.0000001", "3.0", "2.50", ".5", "7.");
    private static final List<String> PATTERNS = List.of("/head/.*", "Softmax", "conv1", "x\\.y", "/conv[1", "(open",
            "ü/ß", "a{2}");

    private static final AtomicInteger ACCEPTED = new AtomicInteger();
    private static final AtomicInteger REFUSED_BESIDE_A_FIELD = new AtomicInteger();

    static LongStream seeds() {
        return LongStream.range(0, CASES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theFormAcceptsExactlyWhatARecipeFileAcceptsAndSaysTheSameOfTheRest(long seed) throws RecipeException {
        Random r = new Random(seed);
        RecipeForm form = new RecipeForm();
        form.nameProperty().set("p");
        RecipeForm.Kind kind = RecipeForm.Kind.values()[(int) (seed % RecipeForm.Kind.values().length)];
        form.kindProperty().set(kind);
        StepFields step = form.selectedProperty().get();
        File file = new File(StepFields.word(kind));
        switch (kind) {
            case QUANTIZE -> quantize(r, step.quantize(), file);
            case CONVERT -> file.put("precision", step.precisionProperty().get().yamlName());
            case FINETUNE -> finetune(r, step.finetune(), file);
            case PRUNE -> prune(r, step.prune(), file);
            case DISTILL -> distill(r, step.distill(), file);
        }
        String yaml = file.yaml();
        RecipeException refused = catchThrowableOfType(() -> new RecipeParser().parse("p.yaml", yaml),
                RecipeException.class);
        String problem = form.problemProperty().get();

        if (refused == null) {
            assertThat(problem).as("the form refuses what the file takes:\n%s", yaml).isEmpty();
            Recipe fromFile = new RecipeParser().parse("p.yaml", yaml);
            assertThat(form.recipe()).as(yaml).isEqualTo(fromFile);
            assertThat(new RecipeParser().parse("shown.yaml", form.yamlProperty().get())).isEqualTo(fromFile);
            assertThat(new RecipeWriter().toYaml(fromFile)).isEqualTo(form.yamlProperty().get());
            ACCEPTED.incrementAndGet();
            return;
        }
        assertThat(problem).as("the form takes what the file refuses (%s):\n%s", refused.getMessage(), yaml)
                .isNotEmpty();
        assertThat(refused.getMessage()).as(yaml).endsWith(": " + problem);
        String key = refused.key().map(k -> k.substring(k.indexOf('.') + 1)).orElse("");
        if (file.lines.containsKey(key)) {
            assertThat(refused.getMessage()).startsWith("p.yaml line " + file.lines.get(key) + ": ");
            assertThat(step.problemOf(key).get()).as("the words beside the field of '%s'", key).isEqualTo(problem);
            REFUSED_BESIDE_A_FIELD.incrementAndGet();
        }
    }

    /** The draw is worth its cases only if both sides of the property were tried often. */
    @AfterAll
    static void bothAcceptedAndRefusedFormsWereTriedOften() {
        assertThat(ACCEPTED.get()).as("forms accepted").isGreaterThan(CASES / 5);
        assertThat(REFUSED_BESIDE_A_FIELD.get()).as("forms refused beside a field").isGreaterThan(CASES / 5);
    }

    private static void quantize(Random r, QuantizeFields q, File file) {
        q.modeProperty().set(pick(r, QuantizeSpec.Mode.values()));
        q.perChannelProperty().set(r.nextBoolean());
        q.symmetricProperty().set(r.nextBoolean());
        q.reduceRangeProperty().set(pick(r, QuantizeSpec.ReduceRange.values()));
        q.methodProperty().set(pick(r, QuantizeSpec.CalibrationMethod.values()));
        file.put("mode", q.modeProperty().get().name().toLowerCase().replace('_', '-'));
        file.put("per_channel", String.valueOf(q.perChannelProperty().get()));
        file.put("activations", q.symmetricProperty().get() ? "symmetric" : "asymmetric");
        file.put("reduce_range", q.reduceRangeProperty().get().yaml());
        file.put("calibration.method", q.methodProperty().get().name().toLowerCase());
        typed(r, q.percentileProperty()::set, file, "calibration.percentile", 50 + 50 * r.nextDouble());
        typed(r, q.samplesProperty()::set, file, "calibration.samples", 1 + r.nextInt(5000));
        patterns(r, q.excludeProperty()::set, file, "exclude");
        typed(r, q.budgetProperty()::set, file, "accuracy_budget", r.nextDouble() / 10);
    }

    private static void finetune(Random r, FinetuneFields f, File file) {
        typed(r, f.epochsProperty()::set, file, "epochs", 1 + r.nextInt(20));
        typed(r, f.learningRateProperty()::set, file, "lr", r.nextDouble() / 100);
        typed(r, f.batchProperty()::set, file, "batch", 1 + r.nextInt(256));
        f.optimizerProperty().set(pick(r, FineTuneConfig.Optimizer.values()));
        file.put("optimizer", f.optimizerProperty().get().name().toLowerCase());
        typed(r, f.seedProperty()::set, file, "seed", r.nextInt());
        typed(r, f.examplesProperty()::set, file, "examples", 1 + r.nextInt(60_000));
    }

    private static void prune(Random r, PruneFields p, File file) {
        p.methodProperty().set(pick(r, PruneFields.choices("method").toArray(String[]::new)));
        p.structureProperty().set(pick(r, PruneFields.choices("structure").toArray(String[]::new)));
        p.scopeProperty().set(pick(r, PruneFields.choices("scope").toArray(String[]::new)));
        p.scheduleProperty().set(pick(r, PruneFields.choices("schedule.kind").toArray(String[]::new)));
        file.put("method", p.methodProperty().get());
        file.put("structure", p.structureProperty().get());
        typed(r, p.sparsityProperty()::set, file, "sparsity", r.nextDouble());
        file.put("scope", p.scopeProperty().get());
        file.put("schedule.kind", p.scheduleProperty().get());
        typed(r, p.startProperty()::set, file, "schedule.start", r.nextDouble() / 4);
        typed(r, p.cutsProperty()::set, file, "schedule.steps", 1 + r.nextInt(1000));
        typed(r, p.powerProperty()::set, file, "schedule.power", 1 + 9 * r.nextDouble());
        patterns(r, p.excludeProperty()::set, file, "exclude");
        typed(r, p.examplesProperty()::set, file, "examples", 1 + r.nextInt(5000));
        typed(r, p.learningRateProperty()::set, file, "lr", r.nextDouble() / 100);
    }

    private static void distill(Random r, DistillFields d, File file) {
        String student = pick(r, DistillFields.students().toArray(String[]::new));
        d.studentProperty().set(student);
        if (student.equals(DistillFields.NARROWER)) {
            typed(r, d.widthProperty()::set, file, "student.width", r.nextDouble());
            if (d.widthProperty().get().isEmpty()) {
                file.put("student", "{}");  // a blank width is a student given by nothing
            }
        } else {
            file.put("student.family", student);
            List<String> layers = new ArrayList<>();
            for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                layers.add(r.nextInt(8) == 0 ? pick(r, List.of("0", "65537", "x", "2.5").toArray(String[]::new))
                        : String.valueOf(1 + r.nextInt(512)));
            }
            d.layersProperty().set(String.join(", ", layers));
            file.put("student.layers", "[" + String.join(", ", layers) + "]");
        }
        typed(r, d.temperatureProperty()::set, file, "temperature", 0.5 + 10 * r.nextDouble());
        typed(r, d.alphaProperty()::set, file, "alpha", r.nextDouble());
        typed(r, d.epochsProperty()::set, file, "epochs", 1 + r.nextInt(10));
        typed(r, d.seedProperty()::set, file, "seed", r.nextInt());
        typed(r, d.examplesProperty()::set, file, "examples", 1 + r.nextInt(60_000));
    }

    /**
     * Types into a field what a person might, and writes the same text after the key in the file; a blank field is
     * a key left out. Mostly a good value, else an edge, a word or nothing.
     */
    private static void typed(Random r, java.util.function.Consumer<String> field, File file, String key, double good) {
        int roll = r.nextInt(10);
        String text = roll < 5 ? plain(good, key)
                : roll < 8 ? pick(r, EDGES.toArray(String[]::new))
                : roll < 9 ? pick(r, JUNK.toArray(String[]::new)) : "";
        field.accept(text);
        if (!text.isEmpty()) {
            file.put(key, text);
        }
    }

    /** A good value as typed: whole for a count, else up to six decimals. */
    private static String plain(double good, String key) {
        boolean whole = List.of("calibration.samples", "epochs", "batch", "seed", "examples", "schedule.steps")
                .contains(key);
        return whole ? String.valueOf((long) good) : StepFields.plain(Math.round(good * 1e6) / 1e6);
    }

    private static void patterns(Random r, java.util.function.Consumer<String> field, File file, String key) {
        List<String> patterns = new ArrayList<>();
        for (int i = 0, n = r.nextInt(3); i < n; i++) {
            patterns.add(r.nextInt(6) == 0 ? pick(r, PATTERNS.toArray(String[]::new)) : PATTERNS.get(r.nextInt(4)));
        }
        field.accept(String.join(", ", patterns));
        file.put(key, patterns.stream().map(p -> "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(p))
                + "\"").collect(Collectors.joining(", ", "[", "]")));
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    /** A recipe file of one step, written by hand: one key a line, nested keys in block style. */
    private static final class File {
        private final String kind;
        private final Map<String, String> values = new LinkedHashMap<>();
        /** Each key's line in the file, dotted as the form's keys are: {@code calibration.percentile}. */
        final Map<String, Integer> lines = new LinkedHashMap<>();

        File(String kind) {
            this.kind = kind;
        }

        void put(String key, String text) {
            values.put(key, text);
        }

        String yaml() {
            List<String> out = new ArrayList<>(List.of("lathe: 1", "name: p", "seed: 0", "steps:", "  - " + kind + ":"));
            String parent = "";
            for (Map.Entry<String, String> e : values.entrySet()) {
                int dot = e.getKey().indexOf('.');
                String head = dot < 0 ? "" : e.getKey().substring(0, dot);
                if (!head.isEmpty() && !head.equals(parent)) {
                    out.add("      " + head + ":");
                }
                parent = head;
                String indent = head.isEmpty() ? "      " : "        ";
                out.add(indent + e.getKey().substring(dot + 1) + ": " + e.getValue());
                lines.put(e.getKey(), out.size());
            }
            if (out.size() == 5) {
                out.set(4, out.get(4) + " {}");
            }
            return String.join("\n", out) + "\n";
        }
    }
}
