package dev.lathe.views.common;

import dev.lathe.engine.store.ModelRecord;

/**
 * Why the Optimize tab cannot start a recipe from the model on show: recipes do not take its format (an ExecuTorch
 * program). The engine refuses the run with the same words; the tab shows them where its Run button is, which stays
 * disabled.
 */
public final class RecipeParent {
    private RecipeParent() {
    }

    /** The reason, one line naming the model, or empty for a model recipes take (or none). */
    public static String problem(ModelRecord model) {
        return model == null ? "" : model.format().whyNoRecipes().map(why -> model.name() + ": " + why).orElse("");
    }
}
