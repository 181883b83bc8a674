package dev.lathe.engine.prune;

import dev.lathe.engine.task.LatheException;

/** A model or setting that pruning cannot work with; the message says what to change. */
public final class PruneException extends LatheException {
    public PruneException(String message) {
        super(message);
    }

    public PruneException(String message, Throwable cause) {
        super(message, cause);
    }
}
