package dev.lathe.engine.eval;

import dev.lathe.engine.model.ModelSummary;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Gives classes their names: datasets like IDX only number their classes, while a model may carry the names in its
 * {@code lathe.labels} metadata (comma-separated, in output order).
 */
public final class ClassLabels {
    public static final String METADATA_KEY = "lathe.labels";

    private ClassLabels() {
    }

    /** The result with the model's class names, when the dataset's are bare indices and the counts agree. */
    public static EvaluationResult named(EvaluationResult result, ModelSummary model) {
        String labels = model.metadata().get(METADATA_KEY);
        if (labels == null || !numbered(result.classNames())) {
            return result;
        }
        List<String> names = Arrays.stream(labels.split(",")).map(String::strip).toList();
        if (names.size() != result.classNames().size()) {
            return result;
        }
        return new EvaluationResult(result.samples(), result.top1(), result.top5(), names, result.perClassAccuracy(),
                result.confusion(), result.preprocessing(), result.runtime(), result.elapsedMillis());
    }

    private static boolean numbered(List<String> names) {
        return IntStream.range(0, names.size()).allMatch(i -> names.get(i).equals(Integer.toString(i)));
    }
}
