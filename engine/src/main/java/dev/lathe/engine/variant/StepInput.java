package dev.lathe.engine.variant;

import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.train.TrainingData;
import java.nio.file.Path;

/**
 * What a step runs on: the model made by the step before (the parent for the first), where that model's file is,
 * the run's data, the step's place in its recipe for messages ({@code recipe int8, step 2}), and its seed.
 */
record StepInput(OnnxModel model, Path file, RecipeRunner.Start start, String where, long seed) {

    /** The run's training set, which a step that trains cannot do without. */
    TrainingData training(String kind) throws RecipeException {
        return start.training().orElseThrow(() -> new RecipeException(where + " (" + kind + ") needs a training set: "
                + "give one (--train DATASET)"));
    }
}
