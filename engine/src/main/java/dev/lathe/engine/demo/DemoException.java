package dev.lathe.engine.demo;

import dev.lathe.engine.task.LatheException;

/** A demo scenario that cannot be read, checked or run as written; the message names the file, step and key. */
public final class DemoException extends LatheException {
    public DemoException(String message) {
        super(message);
    }

    public DemoException(String message, Throwable cause) {
        super(message, cause);
    }
}
