package dev.lathe.engine.runtime;

import dev.lathe.engine.task.LatheException;

/** A runtime refused a model or failed to run it; the message says which model and what the runtime said. */
public class InferenceException extends LatheException {
    public InferenceException(String message) {
        super(message);
    }

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
