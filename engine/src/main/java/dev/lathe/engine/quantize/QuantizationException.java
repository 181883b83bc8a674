package dev.lathe.engine.quantize;

import dev.lathe.engine.task.LatheException;

/** A model or setting that quantization cannot work with; the message says what to change. */
public final class QuantizationException extends LatheException {
    public QuantizationException(String message) {
        super(message);
    }

    public QuantizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
