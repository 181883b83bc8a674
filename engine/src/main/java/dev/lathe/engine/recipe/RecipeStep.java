package dev.lathe.engine.recipe;

import dev.lathe.engine.quantize.QuantizeSpec;

/** One step of a recipe; each step turns its input model into a new variant. */
public sealed interface RecipeStep {

    /** The step's kind as a recipe names it ({@code quantize}, {@code convert}). */
    String kind();

    /** Quantize weights (and activations, for static mode) to int8. */
    record Quantize(QuantizeSpec spec) implements RecipeStep {
        @Override
        public String kind() {
            return "quantize";
        }
    }

    /** Convert weights and compute to half precision. */
    record Convert(Precision precision) implements RecipeStep {
        @Override
        public String kind() {
            return "convert";
        }
    }
}
