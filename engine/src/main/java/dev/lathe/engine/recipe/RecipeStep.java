package dev.lathe.engine.recipe;

import dev.lathe.engine.distill.DistillSpec;
import dev.lathe.engine.parameter.ParameterException;
import dev.lathe.engine.prune.PruneSchedule;
import dev.lathe.engine.prune.PruneSpec;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.train.FinetuneSpec;
import java.util.Optional;

/**
 * One step of a recipe; each step turns its input model into a new variant. The rules of a step's parameters live on
 * its records ({@link QuantizeSpec}, {@link PruneSpec}, {@link DistillSpec}, {@link FinetuneSpec}, and here for the
 * few that belong to the step rather than to the algorithm), each naming the recipe key it refuses.
 */
public sealed interface RecipeStep {

    /** The step's kind as a recipe names it ({@code quantize}, {@code convert}, {@code prune}, ...). */
    String kind();

    /** Whether the step trains the model, and so needs a training set ({@code --train}). */
    default boolean trains() {
        return false;
    }

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

    /**
     * Set the smallest weights (or channels) to zero; a gradual schedule fine-tunes between its cuts.
     *
     * @param examplesPerCut training examples each cut fine-tunes on; empty spreads the training set over the cuts
     * @param learningRate   Adam's learning rate for the fine-tuning between cuts
     */
    record Prune(PruneSpec spec, Optional<Integer> examplesPerCut, double learningRate) implements RecipeStep {
        /** @throws ParameterException naming the recipe key of a parameter out of range */
        public Prune {
            examplesPerCut.ifPresent(n -> ParameterException.atLeastOne(n, "examples"));
            FinetuneSpec.learningRate(learningRate, "lr");
        }

        @Override
        public String kind() {
            return "prune";
        }

        @Override
        public boolean trains() {
            return spec.schedule().kind() == PruneSchedule.Kind.GRADUAL;
        }
    }

    /** Train the model further on labelled examples, to win back what an earlier step cost. */
    record Finetune(FinetuneSpec spec) implements RecipeStep {
        @Override
        public String kind() {
            return "finetune";
        }

        @Override
        public boolean trains() {
            return true;
        }
    }

    /**
     * Train a smaller student to match the model's outputs.
     *
     * @param examples train on the first N examples of the training set only; empty for all of it
     */
    record Distill(DistillSpec spec, Optional<Integer> examples) implements RecipeStep {
        /** @throws ParameterException naming the recipe key of a parameter out of range */
        public Distill {
            examples.ifPresent(n -> ParameterException.atLeastOne(n, "examples"));
        }

        @Override
        public String kind() {
            return "distill";
        }

        @Override
        public boolean trains() {
            return true;
        }
    }
}
