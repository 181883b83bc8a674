package dev.lathe.app.cli;

import dev.lathe.engine.export.VariantExporter;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.files.AtomicFiles;
import dev.lathe.engine.variant.VariantCopies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --out} folder of {@code lathe optimize}, checked before any work: it must be a folder or a place where
 * one can be made, and the names of the variants and of their {@code <stem>.provenance.json} (written as
 * {@code lathe export} writes it) must not be taken there, unless {@code --force} says to replace them. The
 * copies are made when the run has succeeded, just before the store records its variants (see
 * {@link VariantCopies}); a folder made for them that stays empty is removed again.
 */
final class OutFolder {
    private final Path dir;
    private final List<Path> copies = new ArrayList<>();
    private final List<Path> provenances = new ArrayList<>();
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
        for (String name : withProvenance(names)) {
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

    private static List<String> withProvenance(List<String> variants) {
        List<String> names = new ArrayList<>();
        for (String name : variants) {
            names.add(name);
            names.add(provenanceName(name));
        }
        return names;
    }

    private static String provenanceName(String variant) {
        return VariantExporter.stem(variant) + VariantExporter.PROVENANCE_SUFFIX;
    }

    /**
     * Copies each variant and writes its provenance beside it, each file in whole or not at all, naming each in
     * {@code written} as soon as it exists.
     */
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
                Path provenance = dir.resolve(provenanceName(v.name()));
                byte[] json = VariantExporter.provenanceJson(v.provenance()).getBytes(StandardCharsets.UTF_8);
                AtomicFiles.write(provenance, tmp -> Files.write(tmp, json));
                written.add(provenance);
                provenances.add(provenance);
            }
        } catch (IOException e) {
            throw new LatheException("Cannot copy the variants into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The copies made, one per variant, in the run's order. */
    List<Path> copies() {
        return List.copyOf(copies);
    }

    /** The provenance files written beside them, in the same order. */
    List<Path> provenances() {
        return List.copyOf(provenances);
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
