package dev.lathe.engine.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file whole or not at all: into a temporary file beside the target, then renamed over it, so a crash or a
 * cancel never leaves half a model under the real name. Files get the usual rw-r--r-- (less the umask), not the
 * owner-only mode temporary files are created with.
 */
public final class AtomicFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private AtomicFiles() {
    }

    /** What fills the temporary file. */
    @FunctionalInterface
    public interface Fill {
        void into(Path tmp) throws IOException;
    }

    public static void write(Path target, Fill fill) throws IOException {
        write(target, fill, "rw-r--r--");
    }

    /** Like {@link #write}, readable and writable by this user only: for credentials. */
    public static void writePrivate(Path target, Fill fill) throws IOException {
        write(target, fill, "rw-------");
    }

    private static void write(Path target, Fill fill, String permissions) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = POSIX
                ? Files.createTempFile(dir, ".lathe-", ".part",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)))
                : Files.createTempFile(dir, ".lathe-", ".part");
        try {
            fill.into(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void copy(Path source, Path target) throws IOException {
        write(target, tmp -> Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING));
    }
}
