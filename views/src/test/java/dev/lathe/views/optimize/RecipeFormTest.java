package dev.lathe.views.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.prune.PruneSpec;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.recipe.Precision;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.train.FineTuneConfig;
import dev.lathe.engine.train.FinetuneSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RecipeFormTest {
    /** The recipes the project ships, relative to the views module, where Maven runs its tests. */
    private static final Path RECIPES = Path.of("../recipes");
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
    void aBadQuantizeFieldIsRefusedInTheRecipesWordsBesideItAndTheYamlSaysWhyItIsMissing() {
        StepFields step = form.selectedProperty().get();
        form.modeProperty().set(QuantizeSpec.Mode.STATIC);

        form.percentileProperty().set("30");
        assertThat(form.problemProperty().get())
                .isEqualTo("'percentile' must be above 50 and at most 100, like 99.99, not 30.0");
        assertThat(step.problemOf("calibration.percentile").get()).isEqualTo(form.problemProperty().get());
        assertThat(step.problemOf("calibration.samples").get()).isEmpty();
        assertThat(form.yamlProperty().get()).startsWith("# 'percentile' must be above 50");
        assertThat(form.recipeProperty().get()).isNull();

        form.percentileProperty().set("abc");
        assertThat(form.problemProperty().get()).isEqualTo("'percentile' must be a number, not 'abc'");

        form.percentileProperty().set("99.9");
        form.budgetProperty().set("2");
        assertThat(form.problemProperty().get()).startsWith("'accuracy_budget' is a fraction of top-1 above 0 and below 1");
        assertThat(step.problemOf("accuracy_budget").get()).isEqualTo(form.problemProperty().get());
        assertThat(step.problemOf("calibration.percentile").get()).as("the fixed field is clear again").isEmpty();

        form.budgetProperty().set("");
        form.samplesProperty().set("1.5");
        assertThat(form.problemProperty().get()).isEqualTo("'samples' must be a whole number, not '1.5'");
        form.samplesProperty().set("0");
        assertThat(step.problemOf("calibration.samples").get()).isEqualTo("'samples' is how many examples calibrate: from 1 to 1,000,000, like 512, not 0");

        form.samplesProperty().set("10");
        form.excludeProperty().set("/conv[1");
        assertThat(step.problemOf("exclude").get()).startsWith("'exclude' entry \"/conv[1\" is not a valid regular");

        form.excludeProperty().set("");
        form.nameProperty().set("  ");
        assertThat(form.problemProperty().get()).startsWith("Name:");
        form.nameProperty().set("ok");
        assertThat(form.problemProperty().get()).isEmpty();
        assertThat(step.problemOf("exclude").get()).isEmpty();
    }

    @Test
    void percentileThirtyIsRefusedByTheFormWithTheWordsTheCommandLineUses() throws Exception {
        form.modeProperty().set(QuantizeSpec.Mode.STATIC);
        String saved = form.yamlProperty().get();
        Path file = Files.writeString(Files.createTempDirectory("recipe").resolve("thirty.yaml"),
                saved.replace("percentile: 99.99", "percentile: 30"));

        form.percentileProperty().set("30");

        assertThatThrownBy(() -> new RecipeParser().parse(file)).isInstanceOf(RecipeException.class)
                .hasMessage("thirty.yaml line 10: " + form.problemProperty().get());
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

        StepFields step = form.selectedProperty().get();

        form.finetune().epochsProperty().set("0");
        assertThat(form.problemProperty().get()).isEqualTo("'epochs' must be a whole number from 1 to 10,000, not 0");
        assertThat(step.problemOf("epochs").get()).isEqualTo(form.problemProperty().get());
        form.finetune().epochsProperty().set("2");
        form.finetune().learningRateProperty().set("1.5");
        assertThat(form.problemProperty().get())
                .isEqualTo("'lr' (the learning rate) must be above 0 and below 1, like 0.001, not 1.5");
        assertThat(step.problemOf("lr").get()).isEqualTo(form.problemProperty().get());
        form.finetune().learningRateProperty().set("0.001");
        form.finetune().batchProperty().set("x");
        assertThat(form.problemProperty().get()).isEqualTo("'batch' must be a whole number, not 'x'");
        form.finetune().batchProperty().set("16");
        form.finetune().examplesProperty().set("2.5");
        assertThat(form.problemProperty().get()).isEqualTo("'examples' must be a whole number, not '2.5'");
        form.finetune().examplesProperty().set("");
        form.finetune().seedProperty().set("seven");
        assertThat(form.problemProperty().get()).isEqualTo("'seed' must be a whole number, not 'seven'");
        assertThat(step.problemOf("seed").get()).isEqualTo(form.problemProperty().get());
        form.finetune().seedProperty().set("7");
        assertThat(form.problemProperty().get()).isEmpty();
        assertThat(step.problemOf("seed").get()).isEmpty();
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

    @Test
    void everyShippedRecipeFillsTheFormAndItsYamlReadsBackTheSame() throws Exception {
        List<Path> shipped;
        try (Stream<Path> files = Files.list(RECIPES)) {
            shipped = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(shipped).extracting(f -> f.getFileName().toString()).contains("prune-channel.yaml",
                "prune-unstructured.yaml", "distill.yaml", "finetune.yaml", "int8-static.yaml");

        for (Path file : shipped) {
            Recipe loaded = new RecipeParser().parse(file);
            RecipeForm form = new RecipeForm();

            form.fill(loaded);

            assertThat(form.problemProperty().get()).as(file.toString()).isEmpty();
            assertThat(form.steps()).as(file.toString()).hasSize(loaded.steps().size());
            assertThat(form.recipe()).as(file.toString()).isEqualTo(loaded);
            assertThat(new RecipeParser().parse("again.yaml", form.yamlProperty().get())).as(file.toString())
                    .isEqualTo(loaded);
        }
    }

    @Test
    void aPruneStepStartsFromTheEnginesDefaultsAndRoundTrips() throws RecipeException {
        form.kindProperty().set(RecipeForm.Kind.PRUNE);

        assertThat(form.nameProperty().get()).isEqualTo("prune-unstructured");
        PruneFields p = form.prune();
        assertThat(p.sparsityProperty().get()).isEqualTo("0.5");
        assertThat(p.scheduleProperty().get()).isEqualTo("gradual");
        assertThat(p.cutsProperty().get()).isEqualTo("10");
        assertThat(p.startProperty().get()).isEqualTo("0.05");
        assertThat(p.learningRateProperty().get()).isEqualTo("0.0003");
        assertThat(PruneFields.choices("structure")).containsExactly("unstructured", "channel");

        p.structureProperty().set("channel");
        p.sparsityProperty().set("0.8");
        p.scopeProperty().set("per_layer");
        p.cutsProperty().set("3");
        p.startProperty().set("0.1");
        p.examplesProperty().set("2000");
        p.excludeProperty().set("/conv1.*, /fc_out.*");

        assertThat(form.problemProperty().get()).isEmpty();
        assertThat(form.nameProperty().get()).isEqualTo("prune-channel");
        Recipe shown = new RecipeParser().parse("form.yaml", form.yamlProperty().get());
        assertThat(shown).isEqualTo(form.recipe());
        RecipeStep.Prune step = (RecipeStep.Prune) shown.steps().get(0);
        assertThat(step.spec().structure()).isEqualTo(PruneSpec.Structure.CHANNEL);
        assertThat(step.spec().sparsity()).isEqualTo(0.8);
        assertThat(step.spec().scope()).isEqualTo(PruneSpec.Scope.PER_LAYER);
        assertThat(step.spec().schedule().steps()).isEqualTo(3);
        assertThat(step.spec().exclude()).containsExactly("/conv1.*", "/fc_out.*");
        assertThat(step.examplesPerCut()).contains(2000);
        assertThat(step.trains()).isTrue();
        assertThat(form.trainsProperty().get()).isTrue();

        p.scheduleProperty().set("oneshot");
        assertThat(form.trainsProperty().get()).as("a one-shot cut trains nothing").isFalse();
    }

    @Test
    void aBadPruneFieldIsRefusedByTheRecipesOwnRules() {
        form.kindProperty().set(RecipeForm.Kind.PRUNE);
        PruneFields p = form.prune();

        p.sparsityProperty().set("1.2");
        assertThat(form.problemProperty().get()).isEqualTo("'sparsity' is the fraction of weights (or channels) "
                + "removed: above 0 and below 1, like 0.8, not 1.2");
        assertThat(form.yamlProperty().get()).startsWith("# 'sparsity'");
        p.sparsityProperty().set("lots");
        assertThat(form.problemProperty().get()).isEqualTo("'sparsity' must be a number, not 'lots'");
        p.sparsityProperty().set("");
        assertThat(form.problemProperty().get()).startsWith("prune needs 'sparsity'");
        p.sparsityProperty().set("0.5");
        p.startProperty().set("0.6");
        assertThat(form.problemProperty().get()).startsWith("'start' is the sparsity of the first cut");
        p.startProperty().set("0.05");
        p.cutsProperty().set("5000");
        assertThat(form.problemProperty().get()).isEqualTo("'steps' is the number of cuts: from 1 to 1000, like 10, not 5000");
        assertThat(form.selectedProperty().get().problemOf("schedule.steps").get()).isEqualTo(form.problemProperty().get());
        p.cutsProperty().set("10");
        p.excludeProperty().set("/conv[1");
        assertThat(form.problemProperty().get()).startsWith("'exclude' entry \"/conv[1\" is not a valid regular");
        p.excludeProperty().set("");
        assertThat(form.problemProperty().get()).isEmpty();
    }

    @Test
    void aDistillStepTakesANarrowerTeacherOrAFamilyAndTheEnginesRules() throws RecipeException {
        form.kindProperty().set(RecipeForm.Kind.DISTILL);
        DistillFields d = form.distill();

        assertThat(form.nameProperty().get()).isEqualTo("distill");
        assertThat(d.studentProperty().get()).isEqualTo(DistillFields.NARROWER);
        assertThat(d.temperatureProperty().get()).isEqualTo("4");
        assertThat(d.alphaProperty().get()).isEqualTo("0.7");
        assertThat(d.epochsProperty().get()).isEqualTo("5");
        assertThat(form.problemProperty().get()).isEmpty();
        assertThat(form.yamlProperty().get()).contains("student: { width: 0.5 }");

        d.widthProperty().set("1");
        assertThat(form.problemProperty().get()).startsWith("'width' is the student's share of the teacher's "
                + "channels: above 0 and below 1 (a student as wide as its teacher, or wider, makes nothing leaner)");
        d.studentProperty().set("cnn");
        d.layersProperty().set("32, x");
        assertThat(form.problemProperty().get()).isEqualTo("'layers' must list whole numbers only, not 'x'");
        d.layersProperty().set("32, 64, 64");
        d.alphaProperty().set("2");
        assertThat(form.problemProperty().get()).startsWith("'alpha' is the weight of the soft-target loss");
        d.alphaProperty().set("0.5");
        d.epochsProperty().set("4");
        d.examplesProperty().set("1024");

        assertThat(form.problemProperty().get()).isEmpty();
        assertThat(form.yamlProperty().get()).contains("student: { family: cnn, layers: [32, 64, 64] }",
                "examples: 1024");
        Recipe shown = new RecipeParser().parse("form.yaml", form.yamlProperty().get());
        assertThat(shown).isEqualTo(form.recipe());
        assertThat(((RecipeStep.Distill) shown.steps().get(0)).spec().epochs()).isEqualTo(4);
    }

    @Test
    void stepsAreAddedReorderedRemovedAndEditedOneAtATime() throws RecipeException {
        StepFields quantize = form.selectedProperty().get();
        StepFields prune = form.addStep(RecipeForm.Kind.PRUNE);
        StepFields finetune = form.addStep(RecipeForm.Kind.FINETUNE);
        assertThat(form.steps()).containsExactly(quantize, prune, finetune);
        assertThat(form.selectedProperty().get()).isSameAs(finetune);

        form.select(quantize);
        form.moveSelected(+2);
        assertThat(form.steps()).containsExactly(prune, finetune, quantize);
        form.modeProperty().set(QuantizeSpec.Mode.STATIC);
        form.select(prune);
        form.prune().structureProperty().set("channel");

        assertThat(form.nameProperty().get()).isEqualTo("prune-channel-finetune-int8-static");
        assertThat(form.kindProperty().get()).isEqualTo(RecipeForm.Kind.PRUNE);
        assertThat(quantize.quantize().modeProperty().get()).isEqualTo(QuantizeSpec.Mode.STATIC);
        Recipe shown = new RecipeParser().parse("chain.yaml", form.yamlProperty().get());
        assertThat(shown).isEqualTo(form.recipe());
        assertThat(shown.steps()).extracting(RecipeStep::kind).containsExactly("prune", "finetune", "quantize");

        form.select(finetune);
        form.finetune().epochsProperty().set("0");
        assertThat(form.problemProperty().get()).isEqualTo("Step 2 (finetune): 'epochs' must be a whole number from 1 to "
                + "10,000, not 0");
        assertThat(finetune.problemOf("epochs").get()).as("beside the field, the recipe's words alone")
                .isEqualTo("'epochs' must be a whole number from 1 to 10,000, not 0");
        assertThat(prune.problemOf("sparsity").get()).isEmpty();
        form.finetune().epochsProperty().set("2");

        form.removeSelected();
        assertThat(form.steps()).containsExactly(prune, quantize);
        assertThat(form.selectedProperty().get()).isSameAs(quantize);
        form.moveSelected(+1);
        assertThat(form.steps()).as("the last step goes no further").containsExactly(prune, quantize);
        form.removeSelected();
        form.removeSelected();
        assertThat(form.steps()).as("a recipe keeps one step").containsExactly(prune);
        assertThat(form.nameProperty().get()).isEqualTo("prune-channel");
        assertThat(form.problemProperty().get()).isEmpty();
    }

    @Test
    void switchingAStepsKindKeepsWhatWasTypedForTheOtherKind() {
        form.kindProperty().set(RecipeForm.Kind.PRUNE);
        form.prune().sparsityProperty().set("0.9");
        form.kindProperty().set(RecipeForm.Kind.FINETUNE);
        form.finetune().epochsProperty().set("3");
        form.kindProperty().set(RecipeForm.Kind.PRUNE);

        assertThat(form.prune().sparsityProperty().get()).isEqualTo("0.9");
        assertThat(form.finetune().epochsProperty().get()).isEqualTo("3");
        assertThat(form.yamlProperty().get()).contains("sparsity: 0.9").doesNotContain("finetune:");
    }

    @Test
    void theIssuesThreeStepRecipeFillsTheFormAndSelectsItsFirstStep() throws RecipeException {
        Recipe issue = new RecipeParser().parse("issue.yaml", """
                lathe: 1
                name: lean
                steps:
                  - prune:
                      method: magnitude
                      structure: unstructured
                      sparsity: 0.8
                      scope: global
                      schedule: { kind: gradual, start: 0.05, steps: 10, power: 3 }
                      exclude: ["/conv1.*", "/fc_out.*"]
                  - finetune: { epochs: 2, lr: 0.001, batch: 64, optimizer: adam, seed: 7 }
                  - distill:
                      student: { width: 0.5 }
                      temperature: 4
                      alpha: 0.7
                      epochs: 5
                """);

        form.fill(issue);

        assertThat(form.steps()).extracting(s -> s.kindProperty().get()).containsExactly(RecipeForm.Kind.PRUNE,
                RecipeForm.Kind.FINETUNE, RecipeForm.Kind.DISTILL);
        assertThat(form.kindProperty().get()).isEqualTo(RecipeForm.Kind.PRUNE);
        assertThat(form.prune().excludeProperty().get()).isEqualTo("/conv1.*, /fc_out.*");
        assertThat(form.nameProperty().get()).isEqualTo("lean");
        assertThat(form.recipe()).isEqualTo(issue);
        assertThat(form.steps().get(2).summary()).isEqualTo("distill: width 0.5, 5 epochs");
        assertThat(form.steps().get(0).summary()).isEqualTo("prune: unstructured 0.8, 10 cuts");
    }
}
