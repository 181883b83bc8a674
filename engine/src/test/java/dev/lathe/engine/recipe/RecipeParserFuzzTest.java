package dev.lathe.engine.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Whatever text a recipe holds, parsing either gives a recipe that writes back to the same recipe, or one
 * {@link RecipeException} line naming the file; nothing else escapes. Regression inputs: {@code
 * RecipeParserFuzzTestInputs/}.
 */
class RecipeParserFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void anyTextIsARecipeOrOneLineSayingWhyNot(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Recipe recipe;
        try {
            recipe = new RecipeParser().parse("fuzz.yaml", text);
        } catch (RecipeException refused) {
            assertThat(refused.getMessage()).startsWith("fuzz.yaml").doesNotContain("\n");
            return;
        }
        try {
            assertThat(new RecipeParser().parse("written.yaml", new RecipeWriter().toYaml(recipe))).isEqualTo(recipe);
        } catch (RecipeException e) {
            throw new AssertionError("the recipe Lathe wrote does not parse: " + e.getMessage(), e);
        }
    }
}
