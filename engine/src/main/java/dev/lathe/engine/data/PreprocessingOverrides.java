package dev.lathe.engine.data;

import java.util.List;
import java.util.Optional;

/** What a user may set instead of what Lathe infers from the model's input. */
public record PreprocessingOverrides(Optional<Layout> layout, Optional<List<Double>> mean, Optional<List<Double>> std,
                                     Optional<Double> scale, boolean resize) {
    public static final PreprocessingOverrides NONE =
            new PreprocessingOverrides(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);
}
