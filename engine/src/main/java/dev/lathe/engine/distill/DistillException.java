package dev.lathe.engine.distill;

import dev.lathe.engine.task.LatheException;

/** A teacher, student, dataset or setting that distillation cannot work with; the message says what to change. */
public class DistillException extends LatheException {
    public DistillException(String message) {
        super(message);
    }

    public DistillException(String message, Throwable cause) {
        super(message, cause);
    }
}
