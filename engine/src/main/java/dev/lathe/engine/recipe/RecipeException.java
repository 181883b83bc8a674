package dev.lathe.engine.recipe;

import dev.lathe.engine.LatheException;

/** A recipe that cannot be read or run as written; the message names the file, line and key at fault. */
public final class RecipeException extends LatheException {
    public RecipeException(String message) {
        super(message);
    }

    public RecipeException(String message, Throwable cause) {
        super(message, cause);
    }
}
