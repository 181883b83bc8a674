package dev.lathe.engine.variant;

import dev.lathe.engine.train.TrainingListener;
import dev.lathe.engine.recipe.Recipe;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One recipe run: the recipe and the datasets given for it. A record rather than a growing argument list, so a new
 * kind of data is one more component here, not a change to every caller's call.
 *
 * @param calibration examples static quantization calibrates on ({@code --calib})
 * @param evaluation  the labelled set each variant is evaluated on ({@code --data})
 * @param training    the labelled set training steps learn from ({@code --train})
 * @param listener    hears each training batch and epoch, for a live curve
 * @param copies      copies the variants somewhere besides the store ({@code --out}) before the store records them
 */
public record OptimizeRequest(Recipe recipe, Optional<Path> calibration, Optional<Path> evaluation,
                              Optional<Path> training, TrainingListener listener, VariantCopies copies) {

    /** A request nobody listens to while it trains, and whose variants are kept in the store only. */
    public OptimizeRequest(Recipe recipe, Optional<Path> calibration, Optional<Path> evaluation,
                           Optional<Path> training) {
        this(recipe, calibration, evaluation, training, TrainingListener.NONE, VariantCopies.NONE);
    }

    /** The recipe alone, with no datasets. */
    public static OptimizeRequest of(Recipe recipe) {
        return new OptimizeRequest(recipe, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public OptimizeRequest withCalibration(Path dataset) {
        return new OptimizeRequest(recipe, Optional.of(dataset), evaluation, training, listener, copies);
    }

    public OptimizeRequest withEvaluation(Path dataset) {
        return new OptimizeRequest(recipe, calibration, Optional.of(dataset), training, listener, copies);
    }

    public OptimizeRequest withTraining(Path dataset) {
        return new OptimizeRequest(recipe, calibration, evaluation, Optional.of(dataset), listener, copies);
    }

    public OptimizeRequest withListener(TrainingListener heard) {
        return new OptimizeRequest(recipe, calibration, evaluation, training, heard, copies);
    }

    public OptimizeRequest withCopies(VariantCopies into) {
        return new OptimizeRequest(recipe, calibration, evaluation, training, listener, into);
    }
}
