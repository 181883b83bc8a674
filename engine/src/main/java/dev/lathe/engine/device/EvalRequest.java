package dev.lathe.engine.device;

import dev.lathe.engine.data.PreprocessingOverrides;
import java.nio.file.Path;
import java.util.Optional;

/** What to evaluate: a dataset path, optional preprocessing overrides, and at most {@code limit} examples (0: all). */
public record EvalRequest(Path dataset, Optional<String> labelColumn, PreprocessingOverrides overrides, int limit) {
    public EvalRequest {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (all) or more, got " + limit);
        }
    }

    public static EvalRequest of(Path dataset) {
        return new EvalRequest(dataset, Optional.empty(), PreprocessingOverrides.NONE, 0);
    }

    public EvalRequest withLimit(int n) {
        return new EvalRequest(dataset, labelColumn, overrides, n);
    }
}
