package dev.lathe.engine.eval;

import java.util.List;
import java.util.Optional;

/**
 * Accuracy of a model on a dataset. {@code confusion[truth][predicted]} counts examples; top-5 is present when there
 * are more than five classes.
 */
public record EvaluationResult(
        int samples,
        double top1,
        Optional<Double> top5,
        List<String> classNames,
        List<Double> perClassAccuracy,
        int[][] confusion,
        String preprocessing,
        String runtime,
        long elapsedMillis) {

    public EvaluationResult {
        classNames = List.copyOf(classNames);
        perClassAccuracy = List.copyOf(perClassAccuracy);
    }
}
