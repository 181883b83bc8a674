package dev.lathe.engine.files;

/** Whether writing a file may replace one of the same name that holds something else. */
public enum Overwrite {
    /** Refuse, naming the file ({@link ExistingFileException}): nothing a user has is replaced unasked. */
    REFUSE,
    /** Replace it: the user asked for that (the command line's {@code --force}). */
    REPLACE
}
