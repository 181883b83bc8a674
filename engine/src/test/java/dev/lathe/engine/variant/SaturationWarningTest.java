package dev.lathe.engine.variant;

import java.util.List;
import dev.lathe.engine.hardware.RuntimeVersion;
import dev.lathe.engine.hardware.Bf16;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.hardware.Int8Path;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredVariant;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warning before an int8 variant runs on a device whose int8 kernels its weights saturate, and the recipe that
 * makes it again. Devices are described by fingerprints with each int8 path, as agents report them.
 */
class SaturationWarningTest {
    @TempDir
    Path tmp;

    @Test
    void fullRangeWeightsAreWarnedAboutOnAvx2OnlyAndMadeAgainWithWeightsThatWarnNowhere() throws Exception {
        Workbench workbench = VariantSamples.workbench(tmp.resolve("lathe.db"), new QuantizeSteps(Samples.runtimes()));
        ModelRecord cnn = workbench.open(Samples.cnn());
        StoredVariant full = quantize(workbench, cnn, "full", "false");

        assertThat(workbench.saturationWarning(full.model(), device(Int8Path.AVX2))).hasValueSatisfying(w -> {
            assertThat(w.remakeable()).isTrue();
            assertThat(w.sentence()).startsWith("cnn.full.onnx has int8 weights that saturate on board's AVX2 (no "
                    + "VNNI) int8 kernels (2 of 2 int8 layers)").endsWith("make it again with reduce_range: auto, "
                    + "whose weights no CPU saturates");
        });
        for (Int8Path safe : new Int8Path[] {Int8Path.AVX512_VNNI, Int8Path.AVX_VNNI, Int8Path.NEON_DOTPROD,
                Int8Path.NEON, Int8Path.OTHER}) {
            assertThat(workbench.saturationWarning(full.model(), device(safe))).as(safe.id()).isEmpty();
        }
        assertThat(workbench.saturationWarning(cnn, device(Int8Path.AVX2))).as("a float model").isEmpty();

        Recipe again = VariantRecipes.withSafeWeights(full);
        assertThat(again.name()).isEqualTo("full-safe");
        assertThat(((RecipeStep.Quantize) again.steps().get(0)).spec().reduceRange())
                .isEqualTo(QuantizeSpec.ReduceRange.AUTO);
        StoredVariant safe = workbench.optimize(cnn, OptimizeRequest.of(again), Progress.NONE).get(0);
        assertThat(workbench.saturationWarning(safe.model(), device(Int8Path.AVX2))).isEmpty();
        assertThat(workbench.saturation(safe.model()).summary()).startsWith("2 layers with int8 weights; none can "
                + "saturate on any CPU");
    }

    private static StoredVariant quantize(Workbench workbench, ModelRecord model, String name, String range)
            throws Exception {
        Recipe recipe = new RecipeParser().parse(name + ".yaml", "lathe: 1\nname: " + name + "\nsteps:\n"
                + "  - quantize: { mode: dynamic, reduce_range: " + range + " }\n");
        return workbench.optimize(model, OptimizeRequest.of(recipe), Progress.NONE).get(0);
    }

    private static DeviceFingerprint device(Int8Path path) {
        return new DeviceFingerprint("agent-board", "board", "cpu", 4, 1L << 30, "Linux", "amd64", "17",
                List.of(new RuntimeVersion("onnxruntime", "1.23.2")), path, Bf16.EMULATED);
    }
}
