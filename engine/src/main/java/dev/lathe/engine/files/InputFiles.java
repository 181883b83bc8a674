package dev.lathe.engine.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What is wrong with a path given as a file to read, in words a user can act on: it is missing, a link to nothing,
 * or no regular file at all (a link to {@code /dev/zero} would otherwise be read forever).
 */
public final class InputFiles {
    private InputFiles() {
    }

    /** Empty for a regular file (links followed) or, when {@code folderAllowed}, a folder. */
    public static Optional<String> problem(Path path, boolean folderAllowed) {
        if (Files.isRegularFile(path) || folderAllowed && Files.isDirectory(path)) {
            return Optional.empty();
        }
        if (Files.isSymbolicLink(path) && !Files.exists(path)) {
            return Optional.of("is a link to " + target(path) + ", which does not exist");
        }
        if (!Files.exists(path)) {
            return Optional.of("does not exist");
        }
        return Optional.of(Files.isDirectory(path) ? "is a folder, not a file"
                : "is not a regular file (a device, a pipe or a socket" + (Files.isSymbolicLink(path) ? ", here "
                + target(path) : "") + ")");
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "another file";
        }
    }
}
