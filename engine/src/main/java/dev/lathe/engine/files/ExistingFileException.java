package dev.lathe.engine.files;

import dev.lathe.engine.task.LatheException;
import java.nio.file.Path;

/** A file Lathe was to write exists already with other content, and replacing it was not asked for. */
public final class ExistingFileException extends LatheException {
    private final transient Path file;

    public ExistingFileException(Path file, String whatHappened) {
        super(file + " already exists; " + whatHappened);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
