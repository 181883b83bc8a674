package dev.lathe.engine.train;

import dev.lathe.engine.task.LatheException;

/** A model, dataset or setting that training cannot work with; the message says what to change. */
public class TrainingException extends LatheException {
    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
