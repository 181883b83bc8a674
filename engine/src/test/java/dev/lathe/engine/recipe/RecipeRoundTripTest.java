package dev.lathe.engine.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.distill.DistillSpec;
import dev.lathe.engine.prune.PruneSchedule;
import dev.lathe.engine.prune.PruneSpec;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.train.FineTuneConfig;
import dev.lathe.engine.train.FinetuneSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A property, over {@value #CASES} recipes drawn at random (seeded, so a failure names the seed that reproduces it):
 * whatever {@link RecipeWriter} writes from valid steps parses back to the very same recipe. Values are drawn across
 * each rule's whole range and onto its edges (a percentile of exactly 100, a power of 1 and of 10, 1000 cuts, an alpha
 * of 0), seeds from Long.MIN_VALUE to Long.MAX_VALUE, names and exclude patterns with quotes, colons and non-ASCII.
 */
class RecipeRoundTripTest {
    static final int CASES = 2000;
    private static final List<String> PATTERNS = List.of("/head/.*", "Softmax", "conv1", "a\"b", "x\\.y", "ü/ß",
            "# not a comment", "key: value", "[ab]+", "'single'", "tab\there", "a{2,3}", "-dash", "true", "null", "");

    static LongStream seeds() {
        return LongStream.range(0, CASES);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void whatTheWriterWritesParsesBackToTheSameRecipe(long seed) throws RecipeException {
        Recipe recipe = new Steps(new Random(seed)).recipe();

        String yaml = new RecipeWriter().toYaml(recipe);

        assertThat(new RecipeParser().parse("seed-" + seed + ".yaml", yaml)).as(yaml).isEqualTo(recipe);
    }

    /** Valid steps of every kind, their values anywhere their records allow. */
    private record Steps(Random r) {
        Recipe recipe() {
            List<RecipeStep> steps = new ArrayList<>();
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                steps.add(switch (r.nextInt(5)) {
                    case 0 -> new RecipeStep.Quantize(quantize());
                    case 1 -> new RecipeStep.Convert(pick(Precision.values()));
                    case 2 -> prune();
                    case 3 -> new RecipeStep.Finetune(new FinetuneSpec(count(FinetuneSpec.MAX_EPOCHS), learningRate(),
                            count(FinetuneSpec.MAX_BATCH),
                            pick(FineTuneConfig.Optimizer.values()), r.nextLong(), maybe(this::count)));
                    default -> distill();
                });
            }
            return new Recipe(Recipe.VERSION, name(), r.nextLong(), steps);
        }

        private QuantizeSpec quantize() {
            QuantizeSpec.Calibration calibration = new QuantizeSpec.Calibration(
                    pick(QuantizeSpec.CalibrationMethod.values()),
                    edgeOr(100, Math.nextUp(50.0), Math.max(Math.nextUp(50.0), 50 + 50 * open())),
                    count(QuantizeSpec.Calibration.MAX_SAMPLES));
            return new QuantizeSpec(pick(QuantizeSpec.Mode.values()), r.nextBoolean(), r.nextBoolean(),
                    pick(QuantizeSpec.ReduceRange.values()), calibration, patterns(), maybe(this::open));
        }

        private RecipeStep prune() {
            double sparsity = open();
            double start = r.nextBoolean() ? 0 : sparsity * r.nextDouble();
            PruneSchedule schedule = new PruneSchedule(pick(PruneSchedule.Kind.values()), start < sparsity ? start : 0,
                    1 + r.nextInt(1000), edgeOr(1, 10, 1 + 9 * r.nextDouble()));
            PruneSpec spec = new PruneSpec(pick(PruneSpec.Method.values()), pick(PruneSpec.Structure.values()),
                    sparsity, pick(PruneSpec.Scope.values()), schedule, patterns());
            return new RecipeStep.Prune(spec, maybe(this::count), learningRate());
        }

        private RecipeStep distill() {
            DistillSpec.Student student = r.nextBoolean() ? new DistillSpec.Narrower(open())
                    : new DistillSpec.Family(pick(DistillSpec.Kind.values()), layers());
            DistillSpec spec = new DistillSpec(student, edgeOr(100, 1e-9, 100 * open()),
                    edgeOr(0, 1, r.nextDouble()), count(FinetuneSpec.MAX_EPOCHS), r.nextLong());
            return new RecipeStep.Distill(spec, maybe(this::count));
        }

        private List<Integer> layers() {
            List<Integer> layers = new ArrayList<>();
            for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                layers.add(r.nextBoolean() ? DistillSpec.MAX_LAYER : 1 + r.nextInt(DistillSpec.MAX_LAYER));
            }
            return layers;
        }

        private String name() {
            String[] parts = {"int8", "static", "\"quoted\"", "ünï", "a: b", "#7", "x\\y", "日本", "-", "lean"};
            StringBuilder name = new StringBuilder(pick(parts));
            for (int i = 0, n = r.nextInt(3); i < n; i++) {
                name.append(r.nextBoolean() ? " " : "-").append(pick(parts));
            }
            return name.toString();
        }

        private List<String> patterns() {
            List<String> patterns = new ArrayList<>();
            for (int i = 0, n = r.nextInt(4); i < n; i++) {
                patterns.add(pick(PATTERNS.toArray(String[]::new)));
            }
            return patterns;
        }

        /** Above 0 and below 1, sometimes very near either end (no nearer than a number a person would write). */
        private double open() {
            return switch (r.nextInt(6)) {
                case 0 -> 1e-9;
                case 1 -> Math.nextDown(1.0);
                case 2 -> Math.round(r.nextDouble() * 1000 + 1) / 1002.0;
                default -> Math.max(1e-9, r.nextDouble());
            };
        }

        private double learningRate() {
            return r.nextBoolean() ? Math.pow(10, -1 - 7 * r.nextDouble()) : open();  // 1e-8 to 0.1, or any
        }

        private int count() {
            return count(Integer.MAX_VALUE);
        }

        /** A count its record allows: its bound a quarter of the time, else from 1 up. */
        private int count(int max) {
            return r.nextInt(4) == 0 ? max : 1 + r.nextInt(Math.min(max, r.nextBoolean() ? 10 : 100_000));
        }

        private double edgeOr(double edge, double otherEdge, double inside) {
            int roll = r.nextInt(5);
            return roll == 0 ? edge : roll == 1 ? otherEdge : inside;
        }

        private <T> Optional<T> maybe(java.util.function.Supplier<T> value) {
            return r.nextBoolean() ? Optional.of(value.get()) : Optional.empty();
        }

        private <T> T pick(T[] values) {
            return values[r.nextInt(values.length)];
        }
    }
}
