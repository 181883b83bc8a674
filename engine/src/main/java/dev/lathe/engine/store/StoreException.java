package dev.lathe.engine.store;

import dev.lathe.engine.task.LatheException;

/** The experiment store could not be read or written; nothing half-written was kept. */
public final class StoreException extends LatheException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
