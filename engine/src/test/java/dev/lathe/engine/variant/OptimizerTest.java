package dev.lathe.engine.variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.data.DatasetException;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.quantize.AccuracyAwareQuantizer;
import dev.lathe.engine.quantize.CalibrationData;
import dev.lathe.engine.quantize.LayerError;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.quantize.QuantizedModel;
import dev.lathe.engine.recipe.Precision;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ModelRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a recipe run refuses before doing any work, and what a failed or cancelled run leaves behind: nothing. */
class OptimizerTest {
    /** These runs must stop before any step runs; reaching a step is itself the failure. */
    private static final QuantizeStepRunner NEVER = new QuantizeStepRunner() {
        @Override
        public QuantizedModel quantize(OnnxModel model, QuantizeSpec spec, Optional<CalibrationData> calibration,
                                       Progress progress) {
            throw new AssertionError("no step should run");
        }

        @Override
        public AccuracyAwareQuantizer.Result quantizeWithinBudget(OnnxModel model, QuantizeSpec spec,
                CalibrationData calibration, AccuracyAwareQuantizer.AccuracyProbe probe, Progress progress) {
            throw new AssertionError("no step should run");
        }

        @Override
        public QuantizedModel convert(OnnxModel model, Precision precision, Progress progress) {
            throw new AssertionError("no step should run");
        }

        @Override
        public List<LayerError> layerErrors(OnnxModel model, QuantizedModel variant, CalibrationData data,
                                            Progress progress) {
            throw new AssertionError("no step should run");
        }
    };

    @TempDir
    Path tmp;

    @Test
    void aStaticRecipeWithoutCalibrationDataSaysWhatToGive() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), NEVER);
        ModelRecord cnn = workbench.open(Samples.cnn());

        assertThatThrownBy(() -> workbench.optimize(cnn, OptimizeRequest.of(recipe("mode: static")), Progress.NONE))
                .isInstanceOf(RecipeException.class)
                .hasMessage("recipe r, step 1 (quantize, mode static) needs calibration data: give a calibration dataset (--calib DATASET)");
        assertThatThrownBy(() -> workbench.optimize(cnn, OptimizeRequest.of(recipe("mode: dynamic, accuracy_budget: 0.01")),
                Progress.NONE))
                .hasMessageContaining("accuracy_budget, which needs an evaluation dataset (--data DATASET) to measure top-1 "
                        + "and calibration data (--calib DATASET) to rank layers");
    }

    @Test
    void trainingStepsWithoutATrainingSetAreRefusedBeforeAnyWork() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), NEVER);
        ModelRecord cnn = workbench.open(Samples.cnn());
        RecipeParser parser = new RecipeParser();
        Recipe finetune = parser.parse("r.yaml", "lathe: 1\nname: r\nsteps:\n  - quantize: { mode: dynamic }\n"
                + "  - finetune: { epochs: 1 }\n");
        Recipe distill = parser.parse("r.yaml", "lathe: 1\nname: r\nsteps:\n  - distill: { student: { width: 0.5 } }\n");

        assertThatThrownBy(() -> workbench.optimize(cnn, OptimizeRequest.of(finetune), Progress.NONE))
                .isInstanceOf(RecipeException.class)
                .hasMessage("recipe r, step 2 (finetune) trains the model, so it needs a labelled training set: give one "
                        + "(--train DATASET)");
        assertThatThrownBy(() -> workbench.optimize(cnn, OptimizeRequest.of(distill), Progress.NONE))
                .isInstanceOf(RecipeException.class)
                .hasMessage("recipe r, step 1 (distill) trains the model, so it needs a labelled training set: give one "
                        + "(--train DATASET)");
        assertNothingKept(workbench, cnn);
    }

    @Test
    void aCalibrationSetThatDoesNotFitTheModelIsRefusedAndNothingIsKept() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), NEVER);
        ModelRecord cnn = workbench.open(Samples.cnn());
        Path csv = Files.writeString(tmp.resolve("table.csv"), "a,b,label\n1,2,0\n3,4,1\n");

        assertThatThrownBy(() -> workbench.optimize(cnn, OptimizeRequest.of(recipe("mode: static"))
                .withCalibration(csv), Progress.NONE))
                .isInstanceOf(DatasetException.class)
                .hasMessage("cnn.onnx: input 'input' expects 1×28×28 float, the dataset gives rows of 2 features");
        assertNothingKept(workbench, cnn);
    }

    @Test
    void cancellingWhileReadingCalibrationDataKeepsNothing() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), NEVER);
        ModelRecord cnn = workbench.open(Samples.cnn());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                workbench.optimize(cnn, OptimizeRequest.of(recipe("mode: static, calibration: { samples: 1000 }"))
                        .withCalibration(Samples.testImages()), (done, total, message) -> {
                            if (done >= 64) {
                                Thread.currentThread().interrupt();
                            }
                        });
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        worker.start();
        worker.join();

        assertThat(failure.get()).isInstanceOf(CancelledException.class);
        assertNothingKept(workbench, cnn);
    }

    @Test
    void calibrationExamplesAreChosenBySeedWithoutRepeats() {
        assertThat(CalibrationSets.pick(100, 10, 1)).isSorted().doesNotHaveDuplicates().hasSize(10)
                .containsExactly(CalibrationSets.pick(100, 10, 1));
        assertThat(CalibrationSets.pick(100, 10, 1)).isNotEqualTo(CalibrationSets.pick(100, 10, 2));
        assertThat(CalibrationSets.pick(5, 5, 3)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void calibrationDataIsPreprocessedAsEvaluationDoesAndHashesTheDataset() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), NEVER);
        ModelRecord cnn = workbench.open(Samples.cnn());

        CalibrationData c = CalibrationSets.load("cnn.onnx", cnn.summary().inputs().get(0), Optional.empty(),
                Samples.testImages(), 70, 0, Progress.NONE);

        assertThat(c.examples()).isEqualTo(70);
        assertThat(c.batches()).hasSize(3);
        assertThat(c.batches().get(0).shape()).containsExactly(32, 1, 28, 28);
        assertThat(c.batches().get(2).shape()).containsExactly(6, 1, 28, 28);
        assertThat(c.datasetSha256()).hasSize(64);
        for (float v : c.batches().get(0).data()) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void variantsAreCopiedBeforeTheStoreRecordsThemAndACopyThatFailsKeepsNothing() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), new QuantizeSteps(Samples.runtimes()));
        ModelRecord cnn = workbench.open(Samples.cnn());
        Path copy = tmp.resolve("out/cnn.r.onnx");
        VariantCopies failing = (variants, written) -> {
            assertThat(workbench.variants(cnn)).as("not stored yet").isEmpty();
            assertThat(variants).extracting(VariantCopies.VariantFile::name).containsExactly("cnn.r.onnx");
            try {
                Files.createDirectories(copy.getParent());
                Files.copy(variants.get(0).file(), copy);
            } catch (java.io.IOException e) {
                throw new RecipeException(e.getMessage(), e);
            }
            written.add(copy);
            throw new RecipeException("disk full");
        };

        assertThatThrownBy(() -> workbench.optimize(cnn, OptimizeRequest.of(recipe("mode: dynamic"))
                .withCopies(failing), Progress.NONE)).hasMessage("disk full");
        assertThat(copy).doesNotExist();
        assertNothingKept(workbench, cnn);
    }

    @Test
    void theNamesOfARunsVariantsAreKnownBeforeItRuns() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), NEVER);
        Recipe twoSteps = new RecipeParser().parse("r.yaml", "lathe: 1\nname: two steps\nsteps:\n"
                + "  - quantize: { mode: dynamic }\n  - convert: { precision: fp16 }\n");

        assertThat(workbench.variantNames(Samples.cnn(), twoSteps))
                .containsExactly("cnn.two_steps.onnx", "cnn.two_steps-2.onnx");
        assertThat(workbench.models()).as("nothing remembered").isEmpty();
    }

    private void assertNothingKept(Workbench workbench, ModelRecord cnn) throws Exception {
        assertThat(workbench.variants(cnn)).isEmpty();
        assertThat(workbench.models()).extracting(ModelRecord::sha256).containsExactly(cnn.sha256());
        Path variants = tmp.resolve("variants");
        assertThat(!Files.exists(variants) || Files.list(variants).findAny().isEmpty()).isTrue();
    }

    private static Recipe recipe(String quantize) throws RecipeException {
        return new RecipeParser().parse("r.yaml", "lathe: 1\nname: r\nsteps:\n  - quantize: { " + quantize + " }\n");
    }
}
