package dev.lathe.engine.export;

import dev.lathe.engine.files.AtomicFiles;
import dev.lathe.engine.files.ExistingFileException;
import dev.lathe.engine.files.Overwrite;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.task.LatheException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Writes the files of one export into a folder: each appears whole or not at all; a file of the same name with other
 * content is replaced only when asked, and then all are checked before any is written; a file that already holds what
 * it would be written with is left as it is, so exporting twice replaces nothing.
 */
public final class ExportFiles {
    private ExportFiles() {
    }

    /** One file to write: a copy of {@code source}, or {@code bytes}; {@code sha256} is what it must hold. */
    public record Target(Path path, Optional<Path> source, byte[] bytes, String sha256) {
        public static Target copy(Path path, Path source, String sha256) {
            return new Target(path, Optional.of(source), null, sha256);
        }

        public static Target bytes(Path path, byte[] bytes) {
            return new Target(path, Optional.empty(), bytes, Hashing.sha256(bytes));
        }

        public static Target text(Path path, String text) {
            return bytes(path, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** @param name the model exported, as a message names it */
    public static void write(List<Target> targets, Path outDir, Overwrite overwrite, String name)
            throws LatheException {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new LatheException(outDir + " is a file, not a folder: give a folder to export " + name + " into");
        }
        try {
            for (Target t : targets) {
                check(t, overwrite, name);
            }
            Files.createDirectories(outDir);
            for (Target t : targets) {
                if (!holds(t)) {
                    write(t);
                }
            }
        } catch (IOException e) {
            throw new LatheException("Cannot export " + name + " to " + outDir + ": " + e.getMessage(), e);
        }
    }

    private static void check(Target t, Overwrite overwrite, String name) throws LatheException, IOException {
        if (Files.isDirectory(t.path())) {
            throw new LatheException(t.path() + " is a folder; nothing was exported (remove or rename it to export "
                    + name + " here)");
        }
        if (Files.exists(t.path()) && overwrite == Overwrite.REFUSE && !holds(t)) {
            throw new ExistingFileException(t.path(), "nothing was exported");
        }
    }

    private static boolean holds(Target t) throws IOException {
        if (!Files.isRegularFile(t.path())) {
            return false;
        }
        if (t.source().isPresent() && Files.isSameFile(t.source().get(), t.path())) {
            return true;
        }
        if (t.bytes() != null) {
            return Files.size(t.path()) == t.bytes().length && Arrays.equals(Files.readAllBytes(t.path()), t.bytes());
        }
        return Hashing.sha256(t.path()).equals(t.sha256());
    }

    private static void write(Target t) throws IOException {
        if (t.source().isPresent()) {
            AtomicFiles.copy(t.source().get(), t.path());
        } else {
            AtomicFiles.write(t.path(), tmp -> Files.write(tmp, t.bytes()));
        }
    }
}
