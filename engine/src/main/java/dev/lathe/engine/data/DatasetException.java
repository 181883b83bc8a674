package dev.lathe.engine.data;

import dev.lathe.engine.task.LatheException;
import java.nio.file.Path;

/** A dataset that cannot be read or does not fit the model; the message names the file and the problem. */
public final class DatasetException extends LatheException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(Path file, String problem) {
        super(name(file) + ": " + problem);
    }

    public DatasetException(Path file, String problem, Throwable cause) {
        super(name(file) + ": " + problem, cause);
    }

    private static String name(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
