package dev.lathe.engine.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.distill.DistillSpec;
import dev.lathe.engine.prune.PruneSpec;
import dev.lathe.engine.prune.PruneSchedule;
import dev.lathe.engine.train.FineTuneConfig;
import dev.lathe.engine.train.FinetuneSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The prune, finetune and distill steps: read with every default filled in, refused line by line, written back. */
class TrainingStepParserTest {
    private final RecipeParser parser = new RecipeParser();

    private static final String ISSUE_EXAMPLE = """
            lathe: 1
            name: lean
            seed: 3
            steps:
              - prune:
                  method: magnitude          # magnitude (L1) | l2
                  structure: unstructured    # unstructured | channel
                  sparsity: 0.8              # final sparsity
                  scope: global              # global | per_layer
                  schedule: { kind: gradual, start: 0.05, steps: 10, power: 3 }
                  exclude: ["/conv1.*", "/fc_out.*"]
              - finetune: { epochs: 2, lr: 0.001, batch: 64, optimizer: adam, seed: 7 }
              - distill:
                  student: { width: 0.5 }    # teacher architecture with fewer channels
                  temperature: 4
                  alpha: 0.7                 # weight of the soft-target loss
                  epochs: 5
            """;

    @Test
    void theIssuesExampleParsesIntoFullSpecs() throws Exception {
        Recipe r = parser.parse("r.yaml", ISSUE_EXAMPLE);

        assertThat(r.steps()).containsExactly(
                new RecipeStep.Prune(new PruneSpec(PruneSpec.Method.L1, PruneSpec.Structure.UNSTRUCTURED, 0.8,
                        PruneSpec.Scope.GLOBAL, new PruneSchedule(PruneSchedule.Kind.GRADUAL, 0.05, 10, 3),
                        List.of("/conv1.*", "/fc_out.*")), Optional.empty(), 3e-4),
                new RecipeStep.Finetune(new FinetuneSpec(2, 0.001, 64, FineTuneConfig.Optimizer.ADAM, 7, Optional.empty())),
                new RecipeStep.Distill(new DistillSpec(new DistillSpec.Narrower(0.5), 4, 0.7, 5, 3), Optional.empty()));
        assertThat(r.steps()).extracting(RecipeStep::trains).containsExactly(true, true, true);
    }

    @Test
    void leftOutKeysTakeTheDocumentedDefaultsAndTheRecipesSeed() throws Exception {
        Recipe r = parser.parse("r.yaml", """
                lathe: 1
                name: d
                seed: 11
                steps:
                  - prune: { sparsity: 0.5, schedule: { kind: oneshot } }
                  - finetune: {}
                  - distill: { student: { family: mlp, layers: [128, 64] } }
                """);

        assertThat(r.steps()).containsExactly(
                new RecipeStep.Prune(new PruneSpec(PruneSpec.Method.L1, PruneSpec.Structure.UNSTRUCTURED, 0.5,
                        PruneSpec.Scope.GLOBAL, new PruneSchedule(PruneSchedule.Kind.ONE_SHOT, 0.05, 10, 3), List.of()),
                        Optional.empty(), 3e-4),
                new RecipeStep.Finetune(new FinetuneSpec(1, 0.001, 64, FineTuneConfig.Optimizer.ADAM, 11, Optional.empty())),
                new RecipeStep.Distill(new DistillSpec(new DistillSpec.Family(DistillSpec.Kind.MLP, List.of(128, 64)),
                        4, 0.7, 5, 11), Optional.empty()));
        assertThat(r.steps().get(0).trains()).as("a oneshot cut needs no training set").isFalse();
    }

    @Test
    void outOfRangeValuesNameTheLineTheKeyAndWhatIsAllowed() {
        assertThatThrownBy(() -> parse("prune: { sparsity: 1.2 }"))
                .isInstanceOf(RecipeException.class)
                .hasMessage("r.yaml line 4: 'sparsity' is the fraction of weights (or channels) removed: above 0 and "
                        + "below 1, like 0.8, not 1.2");
        assertThatThrownBy(() -> parse("prune: { sparsity: 0.5, schedule: { start: 0.6 } }"))
                .hasMessage("r.yaml line 4: 'start' is the sparsity of the first cut: at least 0 and below the final "
                        + "sparsity (0.5), like 0.05, not 0.6");
        assertThatThrownBy(() -> parse("distill: { student: { width: 1.5 } }"))
                .hasMessage("r.yaml line 4: 'width' is the student's share of the teacher's channels: above 0 and below 1 "
                        + "(a student as wide as its teacher, or wider, makes nothing leaner), like 0.5, not 1.5");
        assertThatThrownBy(() -> parse("finetune: { lr: 5 }"))
                .hasMessage("r.yaml line 4: 'lr' (the learning rate) must be above 0 and below 1, like 0.001, not 5.0");
        assertThatThrownBy(() -> parse("finetune: { epochs: 0 }"))
                .hasMessage("r.yaml line 4: 'epochs' must be a whole number from 1 to 10,000, not 0");
        assertThatThrownBy(() -> parse("distill: { student: { width: 0.5 }, alpha: 2 }"))
                .hasMessageStartingWith("r.yaml line 4: 'alpha' is the weight of the soft-target loss: from 0 to 1");
    }

    @Test
    void misspeltKeysAndValuesGetSuggestions() {
        assertThatThrownBy(() -> parse("finetune: { epoch: 2 }"))
                .hasMessage("r.yaml line 4: unknown key 'epoch' in finetune; did you mean 'epochs'? Allowed: epochs, lr, "
                        + "batch, optimizer, seed, examples");
        assertThatThrownBy(() -> parse("finetune: { optimizer: adamw }"))
                .hasMessage("r.yaml line 4: 'optimizer' must be one of adam, sgd, not 'adamw' (did you mean 'adam'?)");
        assertThatThrownBy(() -> parse("prune: { sparsity: 0.5, scope: perlayer }"))
                .hasMessage("r.yaml line 4: 'scope' must be one of global, per_layer, not 'perlayer' (did you mean "
                        + "'per_layer'?)");
        assertThatThrownBy(() -> parse("prune: { sparsity: 0.5, schedule: { kind: gradul } }"))
                .hasMessageContaining("did you mean 'gradual'?");
        assertThatThrownBy(() -> parse("fintune: {}"))
                .hasMessageStartingWith("r.yaml line 4: unknown key 'fintune' in a step; did you mean 'finetune'?");
    }

    @Test
    void missingAndContradictoryKeysSayWhatToGive() {
        assertThatThrownBy(() -> parse("prune: { method: l2 }"))
                .hasMessageStartingWith("r.yaml line 4: prune needs 'sparsity'");
        assertThatThrownBy(() -> parse("distill: { alpha: 0.5 }"))
                .hasMessageStartingWith("r.yaml line 4: distill needs 'student'");
        assertThatThrownBy(() -> parse("distill: { student: { width: 0.5, family: cnn } }"))
                .hasMessageContaining("a student has either 'width'").hasMessageEndingWith("not both");
        assertThatThrownBy(() -> parse("distill: { student: { family: cnn } }"))
                .hasMessageStartingWith("r.yaml line 4: student needs 'layers'");
        assertThatThrownBy(() -> parse("distill: { student: { family: cnn, layers: [16, x] } }"))
                .hasMessage("r.yaml line 4: 'layers' must list whole numbers only, not 'x'");
    }

    @Test
    void aWrittenRecipeWithEveryStepParsesBackUnchanged() throws Exception {
        Recipe issue = parser.parse("r.yaml", ISSUE_EXAMPLE);
        Recipe others = new Recipe(1, "others", 0, List.of(
                new RecipeStep.Prune(new PruneSpec(PruneSpec.Method.L2, PruneSpec.Structure.CHANNEL, 0.25,
                        PruneSpec.Scope.PER_LAYER, new PruneSchedule(PruneSchedule.Kind.ONE_SHOT, 0, 1, 2), List.of()),
                        Optional.of(300), 0.001),
                new RecipeStep.Finetune(new FinetuneSpec(1, 1e-5, 8, FineTuneConfig.Optimizer.SGD, -4, Optional.of(512))),
                new RecipeStep.Distill(new DistillSpec(new DistillSpec.Family(DistillSpec.Kind.CNN, List.of(16, 32)),
                        1.5, 0, 1, 9), Optional.of(2048))));

        for (Recipe r : List.of(issue, others)) {
            String yaml = new RecipeWriter().toYaml(r);
            assertThat(parser.parse("saved.yaml", yaml)).as(yaml).isEqualTo(r);
        }
        assertThat(new RecipeWriter().toYaml(others)).contains("      scope: per_layer\n")
                .contains("      lr: 0.00001\n").contains("      examples: 512\n")
                .contains("      student: { family: cnn, layers: [16, 32] }\n");
    }

    @Test
    void aStepFromItsParametersPassesTheSameRulesAndItsProblemsNameNoLine() throws Exception {
        Recipe issue = parser.parse("r.yaml", ISSUE_EXAMPLE);
        for (RecipeStep step : issue.steps()) {
            assertThat(parser.step(step.kind(), RecipeWriter.parameters(step), 99)).isEqualTo(step);
        }

        assertThatThrownBy(() -> parser.step("prune", Map.of("sparsity", 1.2), 0))
                .hasMessage("'sparsity' is the fraction of weights (or channels) removed: above 0 and below 1, like "
                        + "0.8, not 1.2");
        assertThatThrownBy(() -> parser.step("prune", Map.of("sparsity", "lots"), 0))
                .hasMessage("'sparsity' must be a number, not 'lots'");
        assertThatThrownBy(() -> parser.step("distill", Map.of("student", Map.of("width", 1)), 0))
                .hasMessageStartingWith("'width' is the student's share of the teacher's channels");
        assertThatThrownBy(() -> parser.step("distill", Map.of("student", Map.of("family", "cnn", "layers",
                List.of(16, "x"))), 0)).hasMessage("'layers' must list whole numbers only, not 'x'");
        assertThatThrownBy(() -> parser.step("trim", Map.of(), 0)).hasMessageStartingWith("'trim' is not a step");
        assertThat(((RecipeStep.Finetune) parser.step("finetune", Map.of(), 42)).spec().seed())
                .as("a step without a seed takes the recipe's").isEqualTo(42);
    }

    @Test
    void aRuleOfTheStepsRecordFailsAtTheLineOfTheKeyItNames() {
        String recipe = """
                lathe: 1
                name: r
                steps:
                  - prune:
                      sparsity: 0.5
                      schedule:
                        kind: gradual
                        steps: 5000
                """;
        assertThatThrownBy(() -> new RecipeParser().parse("r.yaml", recipe)).isInstanceOf(RecipeException.class)
                .hasMessage("r.yaml line 8: 'steps' is the number of cuts: from 1 to 1000, like 10, not 5000")
                .extracting(e -> ((RecipeException) e).key()).isEqualTo(Optional.of("prune.schedule.steps"));
        assertThatThrownBy(() -> new RecipeParser().parse("r.yaml", recipe.replace("steps: 5000", "start: 0.7")))
                .hasMessageStartingWith("r.yaml line 8: 'start' is the sparsity of the first cut")
                .extracting(e -> ((RecipeException) e).key()).isEqualTo(Optional.of("prune.schedule.start"));
    }

    @Test
    void theChoicesAFormOffersAreTheWordsARecipeAllows() {
        assertThat(RecipeParser.choices("prune", "structure")).containsExactly("unstructured", "channel");
        assertThat(RecipeParser.choices("prune", "schedule.kind")).containsExactly("gradual", "oneshot");
        assertThat(RecipeParser.choices("distill", "student.family")).containsExactly("mlp", "cnn");
        assertThatThrownBy(() -> RecipeParser.choices("prune", "sparsity")).isInstanceOf(IllegalArgumentException.class);
    }

    private Recipe parse(String step) throws RecipeException {
        return parser.parse("r.yaml", "lathe: 1\nname: x\nsteps:\n  - " + step + "\n");
    }
}
