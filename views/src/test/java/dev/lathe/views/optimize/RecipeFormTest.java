package dev.lathe.views.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.recipe.Precision;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.train.FineTuneConfig;
import dev.lathe.engine.train.FinetuneSpec;
import org.junit.jupiter.api.Test;

class RecipeFormTest {
    private static final String STATIC = """
            lathe: 1
            name: int8-static
            steps:
              - quantize:
                  mode: static
                  per_channel: false
                  activations: symmetric
                  reduce_range: true
                  calibration: { method: entropy, percentile: 99.9, samples: 64 }
                  exclude: ["/head/.*", Softmax]
                  accuracy_budget: 0.005
            """;

    private final RecipeForm form = new RecipeForm();

    @Test
    void theYamlShownParsesBackToTheRecipeTheFormDescribes() throws RecipeException {
        form.modeProperty().set(QuantizeSpec.Mode.STATIC);
        form.excludeProperty().set("conv1, Gemm");
        form.budgetProperty().set("0.01");

        Recipe shown = new RecipeParser().parse("form.yaml", form.yamlProperty().get());

        assertThat(form.problemProperty().get()).isEmpty();
        assertThat(shown).isEqualTo(form.recipe());
        QuantizeSpec spec = ((dev.lathe.engine.recipe.RecipeStep.Quantize) shown.steps().get(0)).spec();
        assertThat(spec.exclude()).containsExactly("conv1", "Gemm");
        assertThat(spec.accuracyBudget()).contains(0.01);
    }

    @Test
    void aLoadedRecipeFillsEveryFieldAndComesBackUnchanged() throws RecipeException {
        Recipe loaded = new RecipeParser().parse("int8-static.yaml", STATIC);

        form.fill(loaded);

        assertThat(form.modeProperty().get()).isEqualTo(QuantizeSpec.Mode.STATIC);
        assertThat(form.methodProperty().get()).isEqualTo(QuantizeSpec.CalibrationMethod.ENTROPY);
        assertThat(form.samplesProperty().get()).isEqualTo("64");
        assertThat(form.excludeProperty().get()).isEqualTo("/head/.*, Softmax");
        assertThat(form.recipe()).isEqualTo(loaded);
        assertThat(new RecipeParser().parse("again.yaml", form.yamlProperty().get())).isEqualTo(loaded);
    }

    @Test
    void aConvertStepRoundTripsThroughTheForm() throws RecipeException {
        form.kindProperty().set(RecipeForm.Kind.CONVERT);
        form.precisionProperty().set(Precision.BF16);
        form.nameProperty().set("half");

        Recipe shown = new RecipeParser().parse("half.yaml", form.yamlProperty().get());

        assertThat(shown.steps()).hasSize(1);
        assertThat(shown).isEqualTo(form.recipe());
        assertThat(form.yamlProperty().get()).contains("convert:", "precision: bf16");
    }

    @Test
    void aBadFieldIsNamedAndTheYamlSaysWhyItIsMissing() {
        form.percentileProperty().set("abc");
        assertThat(form.problemProperty().get()).startsWith("Percentile:").contains("abc");
        assertThat(form.yamlProperty().get()).startsWith("# Percentile:");

        form.percentileProperty().set("99.9");
        form.budgetProperty().set("2");
        assertThat(form.problemProperty().get()).startsWith("Accuracy budget:");

        form.budgetProperty().set("");
        form.samplesProperty().set("1.5");
        assertThat(form.problemProperty().get()).startsWith("Samples:");

        form.samplesProperty().set("10");
        form.nameProperty().set("  ");
        assertThat(form.problemProperty().get()).startsWith("Name:");
    }

    @Test
    void aRecipeOfSeveralStepsIsRefusedNamingWhereItCanRun() throws RecipeException {
        Recipe two = new RecipeParser().parse("two.yaml", """
                lathe: 1
                name: two
                steps:
                  - quantize: { mode: dynamic }
                  - convert: { precision: fp16 }
                """);

        assertThatThrownBy(() -> form.fill(two)).isInstanceOf(RecipeException.class)
                .hasMessageContaining("2 steps").hasMessageContaining("lathe optimize");
    }

    @Test
    void aDistillRecipeIsRefusedNamingWhereItCanRun() throws RecipeException {
        Recipe distill = new RecipeParser().parse("d.yaml",
                "lathe: 1\nname: d\nsteps:\n  - distill: { student: { width: 0.5 } }\n");

        assertThatThrownBy(() -> form.fill(distill)).isInstanceOf(RecipeException.class)
                .hasMessage("'d' is a distill recipe; the form edits quantize, convert and finetune steps (run it with: "
                        + "lathe optimize MODEL --recipe FILE --train DATASET)");
    }

    @Test
    void aFinetuneStepRoundTripsThroughTheFormWithItsSeed() throws RecipeException {
        Recipe loaded = new RecipeParser().parse("tuned.yaml", """
                lathe: 1
                name: tuned
                seed: 7
                steps:
                  - finetune:
                      epochs: 3
                      lr: 0.01
                      batch: 32
                      optimizer: sgd
                      examples: 5000
                      seed: 42
                """);

        form.fill(loaded);

        assertThat(form.kindProperty().get()).isEqualTo(RecipeForm.Kind.FINETUNE);
        assertThat(form.finetune().epochsProperty().get()).isEqualTo("3");
        assertThat(form.finetune().learningRateProperty().get()).isEqualTo("0.01");
        assertThat(form.finetune().optimizerProperty().get()).isEqualTo(FineTuneConfig.Optimizer.SGD);
        assertThat(form.finetune().examplesProperty().get()).isEqualTo("5000");
        assertThat(form.finetune().seedProperty().get()).isEqualTo("42");
        assertThat(form.recipe()).isEqualTo(loaded);
        assertThat(form.yamlProperty().get()).contains("finetune:").contains("optimizer: sgd");
        assertThat(new RecipeParser().parse("again.yaml", form.yamlProperty().get())).isEqualTo(loaded);
    }

    @Test
    void aFinetuneStepWithoutAnExampleLimitTrainsOnTheWholeSet() throws RecipeException {
        form.kindProperty().set(RecipeForm.Kind.FINETUNE);

        Recipe shown = new RecipeParser().parse("form.yaml", form.yamlProperty().get());

        FinetuneSpec spec = ((RecipeStep.Finetune) shown.steps().get(0)).spec();
        assertThat(spec.examples()).isEmpty();
        assertThat(spec.epochs()).isEqualTo(FinetuneSpec.DEFAULT_EPOCHS);
        assertThat(spec.optimizer()).isEqualTo(FinetuneSpec.DEFAULT_OPTIMIZER);
        assertThat(shown).isEqualTo(form.recipe());
    }

    @Test
    void aBadFinetuneFieldIsNamedInTheProblem() {
        form.kindProperty().set(RecipeForm.Kind.FINETUNE);

        form.finetune().epochsProperty().set("0");
        assertThat(form.problemProperty().get()).startsWith("Epochs:");
        form.finetune().epochsProperty().set("2");
        form.finetune().learningRateProperty().set("1.5");
        assertThat(form.problemProperty().get()).startsWith("Learning rate:");
        form.finetune().learningRateProperty().set("0.001");
        form.finetune().batchProperty().set("x");
        assertThat(form.problemProperty().get()).startsWith("Batch:");
        form.finetune().batchProperty().set("16");
        form.finetune().examplesProperty().set("2.5");
        assertThat(form.problemProperty().get()).startsWith("Examples:");
        form.finetune().examplesProperty().set("");
        form.finetune().seedProperty().set("seven");
        assertThat(form.problemProperty().get()).startsWith("Seed:");
        form.finetune().seedProperty().set("7");
        assertThat(form.problemProperty().get()).isEmpty();
    }

    @Test
    void quantizeFieldsDoNotBlockAFinetuneStep() {
        form.percentileProperty().set("");
        form.kindProperty().set(RecipeForm.Kind.FINETUNE);

        assertThat(form.problemProperty().get()).isEmpty();
    }

    @Test
    void aDefaultNameFollowsTheStepButANameTheUserTypedStays() {
        RecipeForm form = new RecipeForm();
        form.modeProperty().set(QuantizeSpec.Mode.STATIC);
        assertThat(form.nameProperty().get()).isEqualTo("int8-static");
        form.kindProperty().set(RecipeForm.Kind.FINETUNE);
        assertThat(form.nameProperty().get()).isEqualTo("finetune");
        form.nameProperty().set("tuned-for-demo");
        form.kindProperty().set(RecipeForm.Kind.CONVERT);
        assertThat(form.nameProperty().get()).isEqualTo("tuned-for-demo");
    }
}
