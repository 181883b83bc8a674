package dev.lathe.engine.recipe;

import dev.lathe.engine.task.LatheException;
import java.util.Optional;

/** A recipe that cannot be read or run as written; the message names the file, line and key at fault. */
public final class RecipeException extends LatheException {
    private final String key;

    public RecipeException(String message) {
        this(message, Optional.empty());
    }

    public RecipeException(String message, Throwable cause) {
        super(message, cause);
        this.key = null;
    }

    /** @param key the dotted key at fault, like {@code quantize.calibration.percentile} */
    RecipeException(String message, Optional<String> key) {
        super(message);
        this.key = key.orElse(null);
    }

    /**
     * The key whose value is at fault, dotted from the step's kind ({@code quantize.calibration.percentile},
     * {@code prune.schedule.start}), so a form can show the message beside that field; empty when the problem is
     * not one value's (an unknown key, a broken file).
     */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
