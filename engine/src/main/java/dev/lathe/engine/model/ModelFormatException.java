package dev.lathe.engine.model;

import dev.lathe.engine.task.LatheException;
import java.nio.file.Path;

/** A model file that cannot be opened as what it claims to be. The message starts with the file's name. */
public final class ModelFormatException extends LatheException {
    public ModelFormatException(Path file, String problem) {
        super(file.getFileName() + ": " + problem);
    }

    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file.getFileName() + ": " + problem, cause);
    }

    /** For a model known by a name other than its file's, such as one an agent keeps under its hash. */
    public ModelFormatException(String name, String problem) {
        super(name + ": " + problem);
    }

    public ModelFormatException(String name, String problem, Throwable cause) {
        super(name + ": " + problem, cause);
    }
}
