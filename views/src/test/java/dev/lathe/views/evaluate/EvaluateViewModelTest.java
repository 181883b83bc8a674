package dev.lathe.views.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.common.InputShapeGate;
import dev.lathe.views.support.InlineTaskRunner;
import dev.lathe.views.support.RecordingErrors;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Evaluate tab's logic, without a screen: real engine, real store, work run inline. */
class EvaluateViewModelTest {
    @TempDir
    Path tmp;
    private TestEngine engine;
    private final InlineTaskRunner tasks = new InlineTaskRunner();
    private final RecordingErrors errors = new RecordingErrors();
    private final LinkedList<Optional<String>> answers = new LinkedList<>();
    private final List<String> problemsAsked = new ArrayList<>();
    private EvaluateViewModel viewModel;

    @BeforeEach
    void setUp() throws Exception {
        engine = TestEngine.open(tmp.resolve("lathe.db"));
        InputShapeGate gate = new InputShapeGate(engine.workbench(), tasks, (model, problem) -> {
            problemsAsked.add(problem);
            return answers.isEmpty() ? Optional.empty() : answers.removeFirst();
        }, errors);
        viewModel = new EvaluateViewModel(engine.workbench(), tasks, errors, gate, Optional.of(TestModels.dataset()));
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void asksForADatasetFirst() {
        assertThat(viewModel.problemProperty().get()).startsWith("Choose a dataset");
        viewModel.datasetProperty().set(TestModels.dataset());
        assertThat(viewModel.problemProperty().get()).isEmpty();
    }

    @Test
    void limitMustBeAWholeNumberOfZeroOrMore() {
        viewModel.datasetProperty().set(TestModels.dataset());
        viewModel.limitProperty().set("ten");
        assertThat(viewModel.problemProperty().get()).startsWith("Limit: 'ten' is not a whole number");
        viewModel.limitProperty().set("-5");
        assertThat(viewModel.problemProperty().get()).startsWith("Limit: '-5'");
        viewModel.limitProperty().set(" 1,000 ");
        assertThat(viewModel.problemProperty().get()).isEmpty();
        assertThat(viewModel.request().limit()).isEqualTo(1000);
        viewModel.limitProperty().set("");
        assertThat(viewModel.request().limit()).isZero();
    }

    @Test
    void meanAndStdOverridesAreValidatedAndPassedOn() {
        viewModel.datasetProperty().set(TestModels.dataset());
        viewModel.meanProperty().set("0.5, x");
        assertThat(viewModel.problemProperty().get()).isEqualTo("Mean: 'x' is not a number");
        viewModel.meanProperty().set("0.2860");
        viewModel.stdProperty().set("0");
        assertThat(viewModel.problemProperty().get()).isEqualTo("Std: 0 must be above 0");
        viewModel.stdProperty().set("0.3530");
        viewModel.resizeProperty().set(true);
        var overrides = viewModel.request().overrides();
        assertThat(overrides.mean()).contains(List.of(0.2860));
        assertThat(overrides.std()).contains(List.of(0.3530));
        assertThat(overrides.resize()).isTrue();
    }

    @Test
    void cannotRunWithoutAModel() {
        viewModel.datasetProperty().set(TestModels.dataset());
        assertThat(viewModel.canRunProperty().get()).isFalse();
    }

    @Test
    void evaluatesARealModelShowsTheResultAndAddsItToTheHistory() throws Exception {
        ModelRecord model = engine.workbench().open(TestModels.model(tmp));
        viewModel.setModel(model);
        assertThat(viewModel.datasetProperty().get()).isEqualTo(TestModels.dataset());
        viewModel.limitProperty().set("200");
        viewModel.run();
        assertThat(errors.reported()).isEmpty();
        assertThat(viewModel.shownProperty().get().result().samples()).isEqualTo(200);
        assertThat(viewModel.history()).hasSize(1);
        assertThat(viewModel.runState().runningProperty().get()).isFalse();
        assertThat(viewModel.runState().statusProperty().get()).startsWith("Top-1 ").contains("200 examples");

        viewModel.setModel(model);
        assertThat(viewModel.history()).hasSize(1);
        assertThat(viewModel.shownProperty().get()).isNotNull();
    }

    @Test
    void aModelWithoutAShapeIsAskedOnceRetriesABadAnswerAndRemembersIt() throws Exception {
        ModelRecord model = engine.workbench().open(TestModels.modelWithoutShape(tmp));
        assertThat(InputShapeGate.needsShape(model)).isTrue();
        viewModel.setModel(model);
        viewModel.limitProperty().set("50");
        answers.add(Optional.of("1xcx28x28"));
        answers.add(Optional.of("1x1x28x28"));
        viewModel.run();
        assertThat(errors.reported()).isEmpty();
        assertThat(problemsAsked).hasSize(2);
        assertThat(problemsAsked.get(0)).isEmpty();
        assertThat(problemsAsked.get(1)).contains("'c'");
        assertThat(engine.workbench().model(model.sha256()).orElseThrow().inputShape()).hasValueSatisfying(
                shape -> assertThat(shape).containsExactly(1, 1, 28, 28));
        assertThat(viewModel.shownProperty().get().result().samples()).isEqualTo(50);

        viewModel.run();
        assertThat(problemsAsked).hasSize(2);
        assertThat(viewModel.history()).hasSize(2);
    }

    @Test
    void decliningToGiveAShapeRunsNothing() throws Exception {
        ModelRecord model = engine.workbench().open(TestModels.modelWithoutShape(tmp));
        viewModel.setModel(model);
        viewModel.run();
        assertThat(problemsAsked).hasSize(1);
        assertThat(viewModel.history()).isEmpty();
        assertThat(viewModel.runState().runningProperty().get()).isFalse();
        assertThat(errors.reported()).isEmpty();
    }

    @Test
    void aDatasetThatDoesNotFitIsReportedAndTheFormStaysUsable() throws Exception {
        ModelRecord model = engine.workbench().open(TestModels.model(tmp));
        viewModel.setModel(model);
        viewModel.datasetProperty().set(tmp.resolve("missing-images-idx3-ubyte.gz"));
        viewModel.run();
        assertThat(errors.reported()).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("missing"));
        assertThat(viewModel.runState().statusProperty().get()).isEqualTo("Failed");
        assertThat(viewModel.canRunProperty().get()).isTrue();
    }
}
