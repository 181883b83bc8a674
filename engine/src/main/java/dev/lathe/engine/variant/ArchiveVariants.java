package dev.lathe.engine.variant;

import dev.lathe.engine.recipe.RecipeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where a TorchScript variant's bytes go: the variants folder, named by their hash, as ONNX variants are. */
final class ArchiveVariants {
    private ArchiveVariants() {
    }

    /** Writes {@code bytes} as {@code <sha>.pt} in {@code variantDir}, adding the file to {@code written} if new. */
    static Path write(Path variantDir, byte[] bytes, String sha, List<Path> written) throws RecipeException {
        Path file = variantDir.resolve(sha + ".pt");
        if (Files.isRegularFile(file)) {
            return file;  // content-addressed: an earlier run already wrote these very bytes
        }
        try {
            Files.createDirectories(variantDir);
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new RecipeException("Cannot write the variant to " + file + ": " + e.getMessage(), e);
        }
        written.add(file);
        return file;
    }
}
