package dev.lathe.engine.variant;

import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.task.LatheException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a run's variants are copied besides the store (the command line's {@code --out}). The copies are made after
 * every step, evaluation and accuracy budget has passed and before the store records the variants, so a run that
 * fails anywhere, in the copying too, leaves neither copies nor stored variants behind.
 */
@FunctionalInterface
public interface VariantCopies {
    VariantCopies NONE = (variants, written) -> { };

    /**
     * A variant as made: the file name it is known by, its file in the variant folder, and its provenance as the store
     * keeps it (the first run's, for a file made before).
     */
    record VariantFile(String name, Path file, Provenance provenance) {
    }

    /** Copies each variant, adding each file it creates to {@code written} as soon as it exists, so a failure removes it. */
    void write(List<VariantFile> variants, List<Path> written) throws LatheException;
}
