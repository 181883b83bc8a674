package dev.lathe.views.common;

import dev.lathe.engine.task.LatheException;

/** Turns a failure into the one text a user sees: the engine's own words for its exceptions, never a stack trace. */
public final class UserMessages {
    private UserMessages() {
    }

    public static boolean isExpected(Throwable error) {
        return error instanceof LatheException;
    }

    public static String describe(Throwable error) {
        if (isExpected(error)) {
            return error.getMessage();
        }
        String message = error.getMessage() == null || error.getMessage().isBlank()
                ? error.getClass().getSimpleName() : error.getMessage();
        return "Something went wrong: " + message + ". Details are in the log.";
    }
}
