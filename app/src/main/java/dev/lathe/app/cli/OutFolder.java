package dev.lathe.app.cli;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.files.AtomicFiles;
import dev.lathe.engine.variant.VariantCopies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --out} folder of {@code lathe optimize}, checked before any work: it must be a folder or a place where
 * one can be made, and the variants' names must not be taken there, unless {@code --force} says to replace them. The
 * copies are made when the run has succeeded, just before the store records its variants (see
 * {@link VariantCopies}); a folder made for them that stays empty is removed again.
 */
final class OutFolder {
    private final Path dir;
    private final List<Path> copies = new ArrayList<>();
    private boolean made;

    private OutFolder(Path dir) {
        this.dir = dir;
    }

    static OutFolder check(Path dir, List<String> names, boolean force) throws LatheException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new LatheException("--out " + dir + " is a file, not a folder; give a folder to copy the variants "
                    + "into");
        }
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new LatheException("--out " + dir + " cannot be made: " + existing + " is a file, not a folder");
        }
        for (String name : names) {
            Path target = dir.resolve(name);
            if (Files.isDirectory(target)) {
                throw new LatheException(target + " is a folder, where the variant " + name + " would be copied; "
                        + "give another --out");
            }
            if (Files.exists(target) && !force) {
                throw new LatheException(target + " already exists; give --force to replace it, or another --out");
            }
        }
        return new OutFolder(dir);
    }

    /** Copies each variant in whole or not at all, naming each copy in {@code written} as soon as it exists. */
    void copy(List<VariantCopies.VariantFile> variants, List<Path> written) throws LatheException {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                made = true;
            }
            for (VariantCopies.VariantFile v : variants) {
                Path target = dir.resolve(v.name());
                AtomicFiles.copy(v.file(), target);
                written.add(target);
                copies.add(target);
            }
        } catch (IOException e) {
            throw new LatheException("Cannot copy the variants into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The copies made, one per variant, in the run's order. */
    List<Path> copies() {
        return List.copyOf(copies);
    }

    /** After a failed run: the folder made for its copies goes too, if nothing else is in it. */
    void removeIfMadeAndEmpty() {
        if (!made) {
            return;
        }
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // Left behind empty: harmless, and the run's own error is what the user needs to see.
        }
    }
}
