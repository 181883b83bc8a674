package dev.lathe.views.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lathe.engine.quantize.LayerError;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.quantize.QuantizedModel;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.TrainingSummary;
import dev.lathe.views.support.InlineTaskRunner;
import dev.lathe.views.support.RecordingErrors;
import dev.lathe.views.support.TestEngine;
import dev.lathe.views.support.TestModels;
import dev.lathe.views.task.BackgroundWork;
import dev.lathe.views.task.TaskHandle;
import dev.lathe.views.task.TaskRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.beans.property.ReadOnlyStringProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Optimize tab's logic, without a screen: real engine, real quantizer, real store, work run inline. */
class OptimizeViewModelTest {
    @TempDir
    Path tmp;
    private TestEngine engine;
    private final InlineTaskRunner tasks = new InlineTaskRunner();
    private final RecordingErrors errors = new RecordingErrors();
    private final List<ModelRecord> made = new ArrayList<>();
    private OptimizeViewModel viewModel;
    private ModelRecord parent;

    @BeforeEach
    void setUp() throws Exception {
        engine = TestEngine.open(tmp.resolve("lathe.db"));
        viewModel = new OptimizeViewModel(engine.workbench(), tasks, errors, Optional.of(TestModels.dataset()),
                Optional.of(TestModels.dataset()), made::add);
        parent = engine.workbench().open(TestModels.model(tmp));
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void aDynamicRecipeMakesAVariantUnderItsParentAndShowsWhatChanged() {
        viewModel.setModel(parent);
        viewModel.evaluationProperty().set(null);

        viewModel.run();

        assertThat(errors.reported()).isEmpty();
        assertThat(made).hasSize(1);
        assertThat(made.get(0).parentSha256()).contains(parent.sha256());
        assertThat(made.get(0).fileBytes()).isLessThan(parent.fileBytes());
        assertThat(viewModel.reportProperty().get().report().quantizedNodes()).isNotEmpty();
        assertThat(viewModel.runState().statusProperty().get()).startsWith("Made ");
        assertThat(viewModel.runState().runningProperty().get()).isFalse();
    }

    @Test
    void theDatasetsDefaultToTheSampleAndTheVariantIsEvaluatedOnIt() {
        assertThat(viewModel.calibrationProperty().get()).isEqualTo(TestModels.dataset());
        viewModel.setModel(parent);

        viewModel.run();

        assertThat(errors.reported()).isEmpty();
        assertThat(viewModel.reportProperty().get().evaluation()).isPresent();
        assertThat(viewModel.runState().statusProperty().get()).contains("top-1")
                .contains(" on " + TestModels.dataset().getFileName());
    }

    @Test
    void calibrationDefaultsToTheTrainingSetWhereThereIsOneAndToTheSampleWhereThereIsNot() {
        Path train = tmp.resolve("train-images-idx3-ubyte.gz");
        OptimizeViewModel withTraining = new OptimizeViewModel(engine.workbench(), tasks, errors,
                Optional.of(TestModels.dataset()), Optional.of(train), made::add);
        OptimizeViewModel without = new OptimizeViewModel(engine.workbench(), tasks, errors,
                Optional.of(TestModels.dataset()), Optional.empty(), made::add);

        assertThat(withTraining.calibrationProperty().get()).isEqualTo(train);
        assertThat(withTraining.evaluationProperty().get()).isEqualTo(TestModels.dataset());
        assertThat(without.calibrationProperty().get()).isEqualTo(TestModels.dataset());
    }

    @Test
    void keepingTheWorstLayerInFloatWritesItIntoTheRecipeAndMakesASiblingVariant() {
        viewModel.setModel(parent);
        viewModel.evaluationProperty().set(null);
        viewModel.form().nameProperty().set("int8-static");
        viewModel.form().modeProperty().set(QuantizeSpec.Mode.STATIC);
        viewModel.form().samplesProperty().set("32");
        viewModel.run();
        LayerError worst = viewModel.reportProperty().get().report().layerErrors().get(0);
        viewModel.setModel(made.get(0));

        viewModel.keepInFloat(worst);

        assertThat(errors.reported()).isEmpty();
        assertThat(made).hasSize(2);
        assertThat(made.get(1).parentSha256()).contains(parent.sha256());
        assertThat(made.get(1).name()).endsWith(".int8-static-float1.onnx");
        assertThat(viewModel.form().nameProperty().get()).isEqualTo("int8-static-float1");
        assertThat(viewModel.form().excludeProperty().get()).isEqualTo(worst.node().replace(".", "\\."));
        assertThat(viewModel.form().yamlProperty().get()).contains("exclude:");
        assertThat(viewModel.reportProperty().get().report().floatNodes()).extracting(QuantizedModel.FloatNode::name)
                .contains(worst.node());
    }

    @Test
    void aVariantWithFullRangeWeightsIsMadeAgainWithWeightsThatSaturateNoCpu() throws Exception {
        viewModel.setModel(parent);
        viewModel.evaluationProperty().set(null);
        viewModel.form().nameProperty().set("int8-full");
        viewModel.form().modeProperty().set(QuantizeSpec.Mode.STATIC);
        viewModel.form().reduceRangeProperty().set(QuantizeSpec.ReduceRange.OFF);
        viewModel.form().samplesProperty().set("32");
        viewModel.run();
        assertThat(engine.workbench().saturation(made.get(0)).canSaturate()).isTrue();

        viewModel.remakeWithSafeWeights(made.get(0));

        assertThat(errors.reported()).isEmpty();
        assertThat(made).hasSize(2);
        assertThat(made.get(1).parentSha256()).contains(parent.sha256());
        assertThat(made.get(1).name()).endsWith(".int8-full-safe.onnx");
        assertThat(viewModel.form().reduceRangeProperty().get()).isEqualTo(QuantizeSpec.ReduceRange.AUTO);
        assertThat(engine.workbench().saturation(made.get(1)).canSaturate()).isFalse();
        assertThat(engine.workbench().saturation(made.get(1)).checked()).isPositive();
    }

    @Test
    void aRecipeWithATypoIsReportedNamingItsLineAndTheFormIsLeftAlone() throws Exception {
        Path typo = Files.writeString(tmp.resolve("typo.yaml"), """
                lathe: 1
                name: typo
                steps:
                  - quantize:
                      mode: dynamc
                """);
        viewModel.form().nameProperty().set("kept");

        viewModel.load(typo);

        assertThat(errors.reported()).hasSize(1);
        assertThat(errors.reported().get(0)).isInstanceOf(RecipeException.class)
                .hasMessageContaining("typo.yaml").hasMessageContaining("line 5");
        assertThat(viewModel.form().nameProperty().get()).isEqualTo("kept");
    }

    @Test
    void aSavedRecipeLoadsBackAndIsWhatTheCliReads() throws Exception {
        viewModel.form().modeProperty().set(dev.lathe.engine.quantize.QuantizeSpec.Mode.STATIC);
        viewModel.form().samplesProperty().set("32");
        Path file = tmp.resolve("mine.yaml");

        viewModel.save(file);
        viewModel.form().samplesProperty().set("500");
        viewModel.load(file);

        assertThat(errors.reported()).isEmpty();
        assertThat(viewModel.form().samplesProperty().get()).isEqualTo("32");
        assertThat(new RecipeParser().parse(file)).isEqualTo(viewModel.form().recipe());
        assertThat(viewModel.noteProperty().get()).startsWith("Loaded ");
    }

    @Test
    void nothingRunsWithoutAModelOrWithAFormProblem() {
        assertThat(viewModel.canRunProperty().get()).isFalse();
        viewModel.setModel(parent);
        assertThat(viewModel.canRunProperty().get()).isTrue();
        viewModel.form().percentileProperty().set("30");
        assertThat(viewModel.canRunProperty().get()).isFalse();
        viewModel.run();
        assertThat(made).isEmpty();
    }

    @Test
    void aFinetuneRecipeTrainsOnTheTrainingSetAndDrawsItsCurve() {
        viewModel.setModel(parent);
        viewModel.evaluationProperty().set(null);
        finetune(256);

        viewModel.run();

        assertThat(errors.reported()).isEmpty();
        assertThat(made).hasSize(1);
        assertThat(made.get(0).path()).startsWith(tmp);
        TrainingSummary summary = viewModel.reportProperty().get().report().training().orElseThrow();
        assertThat(summary.epochs()).isEqualTo(1);
        assertThat(summary.examples()).isEqualTo(256);
        assertThat(viewModel.trainingCurve()).hasSize(256 / 64);
        assertThat(viewModel.trainingCurve().get(0).epoch()).isEqualTo(0.25);
        assertThat(viewModel.trainingCurve().get(3).epoch()).isEqualTo(1.0);
        assertThat(viewModel.trainingCurve().get(3).loss()).isCloseTo(summary.finalLoss(), within(0.05));
        assertThat(viewModel.statusProperty().get()).startsWith("Made ");
    }

    @Test
    void cancellingMidTrainingKeepsNothingHalfMade() throws Exception {
        viewModel = new OptimizeViewModel(engine.workbench(), new CancellingRunner(), errors,
                Optional.of(TestModels.dataset()), Optional.of(TestModels.dataset()), made::add);
        viewModel.setModel(parent);
        viewModel.evaluationProperty().set(null);
        finetune(1024);

        viewModel.run();

        assertThat(Thread.interrupted()).isTrue();
        assertThat(errors.reported()).isEmpty();
        assertThat(made).isEmpty();
        assertThat(engine.workbench().variants(parent)).isEmpty();
        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.filter(f -> f.toString().endsWith(".onnx"))).isEmpty();
        }
        assertThat(viewModel.trainingCurve()).isNotEmpty().hasSizeLessThan(1024 / 64);
        assertThat(viewModel.statusProperty().get()).isEqualTo("Cancelled");
    }

    @Test
    void aPruneThenFinetuneRecipeTrainsBetweenCutsAndAfterAndDrawsEveryTrainingLabelled() throws Exception {
        viewModel.setModel(parent);
        viewModel.evaluationProperty().set(null);
        RecipeForm form = viewModel.form();
        form.kindProperty().set(RecipeForm.Kind.PRUNE);
        form.prune().sparsityProperty().set("0.5");
        form.prune().startProperty().set("0.25");
        form.prune().cutsProperty().set("2");
        form.prune().examplesProperty().set("128");
        form.addStep(RecipeForm.Kind.FINETUNE);
        form.finetune().examplesProperty().set("128");
        assertThat(form.problemProperty().get()).isEmpty();

        viewModel.run();

        assertThat(errors.reported()).isEmpty();
        assertThat(made).hasSize(1);
        ModelRecord pruned = engine.workbench().variants(parent).get(0).model();
        assertThat(made.get(0).parentSha256()).contains(pruned.sha256());
        assertThat(viewModel.trainingCurve()).extracting(p -> p.epoch())
                .containsExactly(0.5, 1.0, 1.5, 2.0, 2.5, 3.0);
        assertThat(viewModel.trainingCurve()).extracting(p -> p.phase()).containsExactly("step 1: prune cut 1/2",
                "step 1: prune cut 1/2", "cut 2/2", "cut 2/2", "step 2: finetune", "step 2: finetune");
        assertThat(viewModel.trainingCurve()).allSatisfy(p -> assertThat(p.loss()).isPositive());
        assertThat(viewModel.reportProperty().get().report().training().orElseThrow().examples()).isEqualTo(128);
        assertThat(viewModel.statusProperty().get()).startsWith("Made ");
    }

    @Test
    void aRecipeThatTrainsWaitsForATrainingSetAndSaysWhichStepNeedsIt() {
        viewModel.setModel(parent);
        viewModel.form().kindProperty().set(RecipeForm.Kind.CONVERT);
        viewModel.form().addStep(RecipeForm.Kind.PRUNE);
        viewModel.trainingProperty().set(null);

        assertThat(viewModel.canRunProperty().get()).isFalse();
        assertThat(viewModel.statusProperty().get())
                .isEqualTo("Train on: choose a labelled training set for step 2 (prune) to train on");
        viewModel.form().prune().scheduleProperty().set("oneshot");
        assertThat(viewModel.canRunProperty().get()).as("a one-shot cut trains nothing").isTrue();
    }

    @Test
    void aShippedRecipeOfSeveralStepsLoadsIntoTheForm() {
        viewModel.load(Path.of("../recipes/prune-channel.yaml"));

        assertThat(errors.reported()).isEmpty();
        assertThat(viewModel.form().steps()).extracting(s -> s.kindProperty().get()).containsExactly(
                RecipeForm.Kind.PRUNE, RecipeForm.Kind.FINETUNE, RecipeForm.Kind.FINETUNE);
        assertThat(viewModel.form().nameProperty().get()).isEqualTo("channel-50");
        assertThat(viewModel.noteProperty().get()).isEqualTo("Loaded channel-50");
    }

    private void finetune(int examples) {
        viewModel.form().kindProperty().set(RecipeForm.Kind.FINETUNE);
        viewModel.form().nameProperty().set("tuned");
        viewModel.form().finetune().examplesProperty().set(String.valueOf(examples));
        assertThat(viewModel.form().problemProperty().get()).isEmpty();
    }

    /** Runs inline and cancels as the Cancel button does (by interrupting the worker) once training has begun. */
    private static final class CancellingRunner implements TaskRunner {
        private final InlineTaskRunner inline = new InlineTaskRunner();

        @Override
        public <T> TaskHandle run(String title, BackgroundWork<T> work, Consumer<? super T> onSuccess,
                                  Consumer<Throwable> onFailure) {
            return inline.run(title, progress -> work.call((done, total, text) -> {
                progress.report(done, total, text);
                if (text.startsWith("Epoch 1 of 1: 128 ")) {
                    Thread.currentThread().interrupt();
                }
            }), onSuccess, onFailure);
        }

        @Override
        public ReadOnlyStringProperty activityProperty() {
            return inline.activityProperty();
        }
    }
}
