package dev.lathe.engine.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.Samples;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.quantize.QuantizeSpec.Calibration;
import dev.lathe.engine.quantize.QuantizeSpec.CalibrationMethod;
import dev.lathe.engine.quantize.QuantizeSpec.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RecipeParserTest {
    private final RecipeParser parser = new RecipeParser();

    private static final String ISSUE_EXAMPLE = """
            lathe: 1
            name: int8-static
            steps:
              - quantize:
                  mode: static            # dynamic | static | weight-only
                  per_channel: true       # weights of Conv/Gemm/MatMul
                  activations: asymmetric # or symmetric
                  reduce_range: false
                  calibration: { method: percentile, percentile: 99.99, samples: 300 }   # minmax | percentile | entropy
                  exclude: ["/head/.*"]   # node-name regexes and/or op types left in float
                  accuracy_budget: 0.005  # optional: largest top-1 drop accepted (needs an evaluation dataset)
            """;

    @Test
    void theIssuesExampleParsesIntoAFullQuantizeSpec() throws Exception {
        Recipe r = parser.parse("r.yaml", ISSUE_EXAMPLE);

        assertThat(r.name()).isEqualTo("int8-static");
        assertThat(r.seed()).isEqualTo(Recipe.DEFAULT_SEED);
        assertThat(r.steps()).containsExactly(new RecipeStep.Quantize(new QuantizeSpec(Mode.STATIC, true, false, QuantizeSpec.ReduceRange.OFF,
                new Calibration(CalibrationMethod.PERCENTILE, 99.99, 300), List.of("/head/.*"), Optional.of(0.005))));
    }

    @Test
    void leftOutKeysTakeTheDocumentedDefaults() throws Exception {
        Recipe r = parser.parse("r.yaml", "lathe: 1\nname: d\nsteps:\n  - quantize: { mode: dynamic }\n");

        assertThat(r.steps()).containsExactly(new RecipeStep.Quantize(new QuantizeSpec(Mode.DYNAMIC, true, false, QuantizeSpec.ReduceRange.AUTO,
                Calibration.DEFAULT, List.of(), Optional.empty())));
    }

    @Test
    void reduceRangeIsAutoTrueOrFalseAndAutoWhenLeftOut() throws Exception {
        for (String value : new String[] {"auto", "true", "false", "\"true\""}) {
            Recipe r = parser.parse("r.yaml", "lathe: 1\nname: d\nsteps:\n  - quantize: { mode: static, reduce_range: "
                    + value + " }\n");
            QuantizeSpec.ReduceRange expected = value.contains("true") ? QuantizeSpec.ReduceRange.ON
                    : value.equals("false") ? QuantizeSpec.ReduceRange.OFF : QuantizeSpec.ReduceRange.AUTO;
            assertThat(((RecipeStep.Quantize) r.steps().get(0)).spec().reduceRange()).as(value).isEqualTo(expected);
            assertThat(parser.parse("again.yaml", new RecipeWriter().toYaml(r))).isEqualTo(r);
        }
        assertThatThrownBy(() -> parser.parse("r.yaml", "lathe: 1\nname: d\nsteps:\n  - quantize:\n      mode: static\n"
                + "      reduce_range: 7\n"))
                .hasMessage("r.yaml line 6: 'reduce_range' must be auto, true or false, not '7' (auto keeps weights that "
                        + "no CPU's int8 kernels saturate)");
    }

    @Test
    void aConvertStepAndAChainOfStepsAreRead() throws Exception {
        Recipe r = parser.parse("r.yaml", """
                lathe: 1
                name: both
                seed: 42
                steps:
                  - quantize: { mode: weight-only, per_channel: false }
                  - convert: { precision: bf16 }
                """);

        assertThat(r.seed()).isEqualTo(42);
        assertThat(r.steps()).hasSize(2);
        assertThat(r.steps().get(1)).isEqualTo(new RecipeStep.Convert(Precision.BF16));
    }

    @Test
    void aMisspeltKeyNamesItsLineAndTheKeyItMeant() {
        String typo = ISSUE_EXAMPLE.replace("per_channel: true", "per_chanel: true");

        assertThatThrownBy(() -> parser.parse("r.yaml", typo))
                .isInstanceOf(RecipeException.class)
                .hasMessageStartingWith("r.yaml line 6: unknown key 'per_chanel' in quantize; did you mean 'per_channel'?")
                .hasMessageContaining("Allowed: mode, per_channel, activations");
    }

    @Test
    void aMisspeltTopLevelKeyAndStepKindAreNamedToo() {
        assertThatThrownBy(() -> parser.parse("r.yaml", "lathe: 1\nnmae: x\nsteps: []\n"))
                .hasMessageStartingWith("r.yaml line 2: unknown key 'nmae' in the recipe; did you mean 'name'?");
        assertThatThrownBy(() -> parser.parse("r.yaml", "lathe: 1\nname: x\nsteps:\n  - quantise: { mode: static }\n"))
                .hasMessageStartingWith("r.yaml line 4: unknown key 'quantise' in a step; did you mean 'quantize'?");
    }

    @Test
    void wrongTypesSayWhatIsExpected() {
        assertThatThrownBy(() -> parse("per_channel: maybe"))
                .hasMessage("r.yaml line 6: 'per_channel' must be true or false, not 'maybe'");
        assertThatThrownBy(() -> parser.parse("r.yaml", "lathe: 1\nname: x\nsteps:\n  - quantize:\n      mode: statc\n"))
                .hasMessage("r.yaml line 5: 'mode' must be one of dynamic, static, weight-only, not 'statc' (did you mean 'static'?)");
        assertThatThrownBy(() -> parse("exclude: /head/.*"))
                .hasMessageStartingWith("r.yaml line 6: 'exclude' must be a list of text");
        assertThatThrownBy(() -> parse("calibration: { samples: many }"))
                .hasMessage("r.yaml line 6: 'samples' must be a whole number, not 'many'");
    }

    @Test
    void outOfRangeValuesNameTheAllowedRange() {
        assertThatThrownBy(() -> parse("calibration: { percentile: 120 }"))
                .hasMessage("r.yaml line 6: 'percentile' must be above 50 and at most 100, like 99.99, not 120.0");
        assertThatThrownBy(() -> parse("calibration: { percentile: 50 }"))
                .hasMessageContaining("'percentile' must be above 50 and at most 100");
        assertThatThrownBy(() -> parse("calibration: { samples: 0 }"))
                .hasMessage("r.yaml line 6: 'samples' is how many examples calibrate: from 1 to 1,000,000, like 512, not 0");
        assertThatThrownBy(() -> parse("accuracy_budget: 1"))
                .hasMessageStartingWith("r.yaml line 6: 'accuracy_budget' is a fraction of top-1 above 0 and below 1");
        assertThatThrownBy(() -> parse("exclude: [\"(unclosed\"]"))
                .hasMessageStartingWith("r.yaml line 6: 'exclude' entry \"(unclosed\" is not a valid regular expression");
    }

    @Test
    void anUnsupportedVersionMissingKeysAndBrokenYamlAreRefused() {
        assertThatThrownBy(() -> parser.parse("r.yaml", "lathe: 2\nname: x\nsteps: []\n"))
                .hasMessage("r.yaml line 1: 'lathe: 2' is not a recipe version this Lathe reads; it reads version 1");
        assertThatThrownBy(() -> parser.parse("r.yaml", "name: x\nsteps: []\n"))
                .hasMessageStartingWith("r.yaml line 1: the recipe needs 'lathe'");
        assertThatThrownBy(() -> parser.parse("r.yaml", "lathe: 1\nname: x\nsteps:\n  - quantize: { per_channel: true }\n"))
                .hasMessageStartingWith("r.yaml line 4: quantize needs 'mode'");
        assertThatThrownBy(() -> parser.parse("r.yaml", "lathe: 1\nname: x\nsteps: []\n"))
                .hasMessageStartingWith("r.yaml line 3: 'steps' must be a list with at least one step");
        assertThatThrownBy(() -> parser.parse("r.yaml", "lathe: 1\nname: [x\n"))
                .isInstanceOf(RecipeException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parser.parse("r.yaml", ""))
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> parser.parse("r.yaml", "lathe: 1\nname: x\nname: y\nsteps: []\n"))
                .hasMessageContaining("line 3: 'name' is given twice");
    }

    @Test
    void aWrittenRecipeParsesBackUnchanged() throws Exception {
        Recipe original = parser.parse("r.yaml", ISSUE_EXAMPLE.replace("[\"/head/.*\"]", "[\"/head/.*\", Softmax, \"a: b\"]"));
        Recipe chained = new Recipe(1, "two \"steps\"", 7, List.of(original.steps().get(0), new RecipeStep.Convert(Precision.FP16)));

        for (Recipe r : List.of(original, chained)) {
            String yaml = new RecipeWriter().toYaml(r);
            assertThat(parser.parse("saved.yaml", yaml)).as(yaml).isEqualTo(r);
        }
    }

    @Test
    void everyShippedExampleParses() throws IOException {
        Path dir = Samples.root().getParent().getParent().resolve("recipes");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("fp16.yaml", "int8-dynamic.yaml", "int8-static.yaml", "weight-only.yaml");
        for (Path f : files) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> parser.parse(f))).as(f.toString()).isNull();
        }
    }

    private Recipe parse(String quantizeLine) throws RecipeException {
        return parser.parse("r.yaml", "lathe: 1\nname: x\nsteps:\n  - quantize:\n      mode: static\n      " + quantizeLine + "\n");
    }
}
