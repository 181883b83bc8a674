package dev.lathe.agent;

import dev.lathe.engine.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the agent's secrets (its key, the pairing token, paired clients) readable by its user only, and atomically,
 * so a crash mid-write never leaves half a key behind.
 */
final class PrivateFiles {
    private PrivateFiles() {
    }

    static void createFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            restrict(dir, "rwx------");
        }
    }

    static void write(Path file, String text) throws IOException {
        AtomicFiles.writePrivate(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the folder's own access rules apply.
        }
    }
}
