package dev.lathe.engine.variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.quantize.LayerError;
import dev.lathe.engine.quantize.QuantizedModel;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.StoredVariant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recipes run end to end with the engine's real quantizer and half-precision converter on the sample CNN. */
class QuantizedVariantsTest {
    private static final QuantizeStepRunner QUANTIZER = new QuantizeSteps(Samples.runtimes());

    @TempDir
    Path tmp;

    @Test
    void aStaticRecipeMakesAStoredVariantUnderItsParentWithFullProvenance() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        ModelRecord cnn = workbench.open(Samples.cnn());

        Recipe r = recipe("mode: static, calibration: { method: minmax, samples: 64 }");
        List<StoredVariant> made = workbench.optimize(cnn, OptimizeRequest.of(r)
                .withCalibration(Samples.testImages())
                .withEvaluation(Samples.testImages()), Progress.NONE);

        StoredVariant v = made.get(0);
        assertThat(made).hasSize(1);
        assertThat(v.model().parentSha256()).contains(cnn.sha256());
        assertThat(v.model().name()).isEqualTo("cnn.r.onnx");
        assertThat(v.model().path()).isEqualTo(tmp.resolve("variants").resolve(v.model().sha256() + ".onnx").toAbsolutePath());
        assertThat(Hashing.sha256(v.model().path())).isEqualTo(v.model().sha256());
        assertThat(v.model().fileBytes()).isLessThan(cnn.fileBytes() / 3);
        assertThat(v.provenance().parentSha256()).isEqualTo(cnn.sha256());
        assertThat(v.provenance().parameters()).containsEntry("mode", "static").containsEntry("per_channel", true)
                .containsEntry("activations", "asymmetric").containsKey("calibration");
        assertThat(v.provenance().calibrationDatasetSha256()).hasValue(v.evaluation().orElseThrow().datasetSha256());
        assertThat(v.provenance().evaluationDatasetSha256()).hasValue(v.evaluation().orElseThrow().datasetSha256());
        assertThat(v.provenance().onnxRuntimeVersion()).isNotBlank();
        assertThat(v.report().quantizedNodes()).isNotEmpty();
        assertThat(v.report().layerErrors()).isNotEmpty().extracting(LayerError::sqnrDb).isSorted();
        assertThat(v.report().layerErrors()).extracting(LayerError::node).isSubsetOf(v.report().quantizedNodes());
        assertThat(v.evaluation().orElseThrow().result().top1()).isGreaterThan(0.85);
        assertThat(workbench.variants(cnn)).extracting(s -> s.model().sha256()).containsExactly(v.model().sha256());
    }

    @Test
    void theSameRecipeOnTheSameParentMakesTheSameVariantAgain() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        ModelRecord cnn = workbench.open(Samples.cnn());
        Recipe r = recipe("mode: static, calibration: { samples: 32 }");

        String first = workbench.optimize(cnn, OptimizeRequest.of(r)
                .withCalibration(Samples.testImages()), Progress.NONE).get(0).model().sha256();
        String second = workbench.optimize(cnn, OptimizeRequest.of(r)
                .withCalibration(Samples.testImages()), Progress.NONE).get(0).model().sha256();

        assertThat(second).isEqualTo(first);
        assertThat(workbench.variants(cnn)).hasSize(1);
    }

    @Test
    void eachStepIsAVariantOfThePreviousOne() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        ModelRecord cnn = workbench.open(Samples.cnn());
        Recipe two = new RecipeParser().parse("r.yaml", """
                lathe: 1
                name: two
                steps:
                  - quantize: { mode: dynamic, exclude: [Conv] }
                  - quantize: { mode: weight-only }
                """);

        List<StoredVariant> made = workbench.optimize(cnn, OptimizeRequest.of(two), Progress.NONE);

        assertThat(made).hasSize(2);
        assertThat(made.get(1).model().parentSha256()).contains(made.get(0).model().sha256());
        assertThat(made.get(1).provenance().stepIndex()).isEqualTo(1);
        assertThat(made.get(1).model().name()).isEqualTo("cnn.two-2.onnx");
    }

    @Test
    void aConvertStepAfterAQuantizeStepMakesAHalfPrecisionChild() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        ModelRecord cnn = workbench.open(Samples.cnn());

        List<StoredVariant> made = workbench.optimize(cnn, OptimizeRequest.of(new RecipeParser().parse("r.yaml",
                "lathe: 1\nname: half\nsteps:\n  - convert: { precision: fp16 }\n")),
                Progress.NONE);

        StoredVariant v = made.get(0);
        assertThat(v.provenance().parameters()).containsExactly(java.util.Map.entry("precision", "fp16"));
        assertThat(v.provenance().calibrationDatasetSha256()).isEmpty();
        assertThat(v.model().fileBytes()).isLessThan(cnn.fileBytes() * 6 / 10);
        assertThat(workbench.fidelity(cnn, v.model(), Optional.of(Samples.testImages()), 200, Progress.NONE).cosine())
                .isGreaterThan(0.999);
    }

    @Test
    void aRunCancelledAfterItsFirstStepLeavesNothingInTheStoreOrOnDisk() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        ModelRecord cnn = workbench.open(Samples.cnn());
        Recipe two = new RecipeParser().parse("r.yaml", """
                lathe: 1
                name: two
                steps:
                  - quantize: { mode: weight-only }
                  - quantize: { mode: dynamic }
                """);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                workbench.optimize(cnn, OptimizeRequest.of(two), (done, total, message) -> {
                    if (message.startsWith("Step 2")) {
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
        assertThat(workbench.variants(cnn)).isEmpty();
        assertThat(workbench.models()).hasSize(1);
        try (var files = Files.list(tmp.resolve("variants"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aStepTheQuantizerRefusesLeavesNothingBehind() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        ModelRecord cnn = workbench.open(Samples.cnn());

        assertThatThrownBy(() -> workbench.optimize(cnn, OptimizeRequest.of(recipe("mode: dynamic, exclude: [\".*\"]")),
                Progress.NONE)).isInstanceOf(LatheException.class);
        assertThat(workbench.variants(cnn)).isEmpty();
        assertThat(!Files.exists(tmp.resolve("variants")) || Files.list(tmp.resolve("variants")).findAny().isEmpty()).isTrue();
    }

    @Test
    void aVariantThatLosesMoreThanItsAccuracyBudgetEvenWithLayersKeptInFloatIsNotKept() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        ModelRecord cnn = workbench.open(Samples.cnn());
        // Activations clipped just above their median: a variant that is certain to lose accuracy.
        Recipe clipped = recipe("mode: static, accuracy_budget: 0.01, calibration: { percentile: 51, samples: 32 }");

        assertThatThrownBy(() -> workbench.optimize(cnn, OptimizeRequest.of(clipped)
                .withCalibration(Samples.testImages())
                .withEvaluation(Samples.testImages()), Progress.NONE))
                .isInstanceOf(RecipeException.class)
                .hasMessageStartingWith("recipe r, step 1: even with ")
                .hasMessageContaining("layers kept in float, top-1 fell from")
                .hasMessageContaining("more than its accuracy_budget of 1.00 points; nothing was kept");
        assertThat(workbench.variants(cnn)).isEmpty();
        assertThat(!Files.exists(tmp.resolve("variants")) || Files.list(tmp.resolve("variants")).findAny().isEmpty()).isTrue();
    }

    @Test
    void aVariantWithinItsAccuracyBudgetIsKept() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        ModelRecord cnn = workbench.open(Samples.cnn());

        List<StoredVariant> made = workbench.optimize(cnn, OptimizeRequest.of(recipe("mode: static, accuracy_budget: 0.02, "
                + "calibration: { method: minmax, samples: 64 }"))
                .withCalibration(Samples.testImages()).withEvaluation(Samples.testImages()), Progress.NONE);

        assertThat(made).singleElement().satisfies(v -> assertThat(v.evaluation()).isPresent());
    }

    @Test
    void layersAreKeptInFloatUntilTheDropIsWithinBudgetAndEachKeptLayerIsReported() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        ModelRecord cnn = workbench.open(Samples.cnn());
        StoredEvaluation parent = workbench.evaluate(cnn, EvalRequest.of(Samples.testImages()), Progress.NONE);

        // Activations clipped at their 90th percentile lose many points; keeping some layers float wins most back.
        StoredVariant v = workbench.optimize(cnn, OptimizeRequest.of(recipe("mode: static, accuracy_budget: 0.08, "
                + "calibration: { percentile: 90, samples: 64 }"))
                .withCalibration(Samples.testImages()).withEvaluation(Samples.testImages()), Progress.NONE).get(0);

        assertThat(parent.result().top1() - v.evaluation().orElseThrow().result().top1()).isLessThanOrEqualTo(0.08);
        assertThat(v.report().warnings()).anySatisfy(w -> assertThat(w).startsWith("kept ").contains("in float for the "
                + "accuracy budget: it won back"));
        assertThat(v.report().floatNodes()).isNotEmpty();
    }

    @Test
    void keepingTheWorstLayerInFloatRunsTheRecipeAgainOnTheParentWithThatLayerExcluded() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        ModelRecord cnn = workbench.open(Samples.cnn());
        StoredVariant first = workbench.optimize(cnn, OptimizeRequest.of(recipe("mode: static, calibration: { samples: 32 }"))
                .withCalibration(Samples.testImages()), Progress.NONE).get(0);
        LayerError worst = first.report().layerErrors().get(0);

        Recipe again = VariantRecipes.keepingInFloat(first, worst.node());
        StoredVariant second = workbench.optimize(cnn, OptimizeRequest.of(again).withCalibration(Samples.testImages()),
                Progress.NONE).get(0);

        assertThat(again.name()).isEqualTo("r-float1");
        assertThat(second.model().name()).isEqualTo("cnn.r-float1.onnx");
        assertThat(second.model().parentSha256()).contains(cnn.sha256());
        assertThat(second.report().floatNodes()).extracting(QuantizedModel.FloatNode::name).contains(worst.node());
        assertThat(second.report().layerErrors()).extracting(LayerError::node).doesNotContain(worst.node());
        // A Conv kept in float takes its Relu with it: that Relu has no 8-bit input left to work on.
        assertThat(second.report().quantizedNodes()).doesNotContain(worst.node())
                .hasSizeLessThan(first.report().quantizedNodes().size());
        assertThat(VariantRecipes.keepingInFloat(second, "/other").name()).isEqualTo("r-float2");
    }

    @Test
    void aDynamicStepWhoseCalibrationDataDoesNotFitIsMadeWithoutALayerReport() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        ModelRecord cnn = workbench.open(Samples.cnn());
        Path csv = Files.writeString(tmp.resolve("table.csv"), "a,b,label\n1,2,0\n3,4,1\n");

        StoredVariant v = workbench.optimize(cnn, OptimizeRequest.of(recipe("mode: dynamic")).withCalibration(csv),
                Progress.NONE).get(0);

        assertThat(v.report().quantizedNodes()).isNotEmpty();
        assertThat(v.report().layerErrors()).isEmpty();
    }

    @Test
    void aDynamicStepWithCalibrationDataReportsItsConvAndGemmLayers() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        ModelRecord cnn = workbench.open(Samples.cnn());

        StoredVariant v = workbench.optimize(cnn, OptimizeRequest.of(recipe("mode: dynamic, calibration: { samples: 16 }"))
                .withCalibration(Samples.testImages()), Progress.NONE).get(0);

        assertThat(v.report().layerErrors()).extracting(LayerError::op).containsOnly("Conv", "Gemm")
                .contains("Conv", "Gemm");
        assertThat(v.provenance().calibrationDatasetSha256()).isEmpty();
    }

    @Test
    void aModelThatRunsOnlyAtSomeSizesIsCheckedAtTheShapeTheUserGave() throws Exception {
        // Like a detector that needs sides divisible by 32: this one runs only on 32×32 images.
        Path model = tmp.resolve("fixed-area.onnx");
        new OnnxGraphBuilder("fixed-area")
                .input("x", ElementType.FLOAT, List.of("batch", 1, "height", "width"))
                .output("y", ElementType.FLOAT, List.of(1, 4))
                .initializer("flat", new long[] {1, 1024}, 2)
                .initializer("w", new float[1024 * 4], 1024, 4)
                .node("Reshape", List.of("x", "flat"), List.of("rows"), "/reshape")
                .node("MatMul", List.of("rows", "w"), List.of("y"), "/fc/MatMul")
                .write(model);
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), QUANTIZER);
        ModelRecord parent = workbench.open(model);

        assertThatThrownBy(() -> workbench.optimize(parent, OptimizeRequest.of(recipe("mode: weight-only")),
                Progress.NONE))
                .isInstanceOf(RecipeException.class)
                .hasMessageContaining("fixed-area.onnx itself does not run on the input of shape [1, 1, 16, 16]")
                .hasMessageContaining("--input-shape 1x1xNxN");
        assertThat(workbench.variants(parent)).isEmpty();

        ModelRecord shaped = workbench.rememberInputShape(parent, new long[] {1, 1, 32, 32});
        assertThat(workbench.optimize(shaped, OptimizeRequest.of(recipe("mode: weight-only")),
                Progress.NONE)).hasSize(1);
    }

    private static Recipe recipe(String quantize) throws RecipeException {
        return new RecipeParser().parse("r.yaml", "lathe: 1\nname: r\nsteps:\n  - quantize: { " + quantize + " }\n");
    }
}
