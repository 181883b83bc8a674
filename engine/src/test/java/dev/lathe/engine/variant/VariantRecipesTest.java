package dev.lathe.engine.variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.recipe.RecipeWriter;
import dev.lathe.engine.store.StoredVariant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VariantRecipesTest {

    @Test
    void theRecipeReadBackFromProvenanceEqualsTheOneThatRan() throws Exception {
        Recipe ran = new RecipeParser().parse("r.yaml", """
                lathe: 1
                name: "int8 \\"static\\""
                seed: 11
                steps:
                  - quantize:
                      mode: static
                      per_channel: false
                      calibration: { method: entropy, samples: 40 }
                      exclude: ["/head/.*", "Add"]
                      accuracy_budget: 0.005
                """);

        assertThat(VariantRecipes.madeBy(provenance(ran))).isEqualTo(ran);
    }

    @Test
    void keepingALayerInFloatAddsAnExactPatternForItsName() throws Exception {
        Recipe ran = new RecipeParser().parse("r.yaml", "lathe: 1\nname: q\nsteps:\n  - quantize: { mode: dynamic }\n");

        Recipe kept = VariantRecipes.keepingInFloat(variant(ran), "/features.0/conv[1]/Conv");

        String pattern = ((RecipeStep.Quantize) kept.steps().get(0)).spec().exclude().get(0);
        assertThat(pattern).isEqualTo("/features\\.0/conv\\[1\\]/Conv");
        assertThat(Pattern.compile(pattern).matcher("/features.0/conv[1]/Conv").matches()).isTrue();
        assertThat(Pattern.compile(pattern).matcher("/featuresX0/conv1/Conv").matches()).isFalse();
        assertThat(new RecipeParser().parse("again.yaml", new RecipeWriter().toYaml(kept))).isEqualTo(kept);
    }

    @Test
    void aConvertStepHasNoLayerToKeepInFloat() throws Exception {
        Recipe ran = new RecipeParser().parse("r.yaml", "lathe: 1\nname: half\nsteps:\n  - convert: { precision: fp16 }\n");

        assertThatThrownBy(() -> VariantRecipes.keepingInFloat(variant(ran), "/fc/Gemm"))
                .isInstanceOf(RecipeException.class).hasMessageContaining("no layer to keep in float");
    }

    /** Only the provenance is read: the recipe that made a variant is all it takes. */
    private static StoredVariant variant(Recipe recipe) {
        return new StoredVariant(null, provenance(recipe), null, Optional.empty());
    }

    private static Provenance provenance(Recipe recipe) {
        RecipeStep step = recipe.steps().get(0);
        return new Provenance("parent", recipe.name(), 0, step.kind(), RecipeWriter.parameters(step), recipe.seed(),
                Optional.empty(), Optional.empty(), Optional.empty(), "dev", "1.23.2", "jvm", "os", "arch", 0);
    }
}
