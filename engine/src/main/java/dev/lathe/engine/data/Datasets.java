package dev.lathe.engine.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Opens a dataset, deciding its format from what the path is. */
public final class Datasets {
    private Datasets() {
    }

    /**
     * A CSV file; an IDX images file; a folder holding an IDX pair (the test split is preferred); or an image folder
     * with one subfolder per class.
     */
    public static Dataset open(Path path, Optional<String> labelColumn) throws DatasetException {
        if (!Files.exists(path)) {
            throw new DatasetException(path, "does not exist");
        }
        if (Files.isDirectory(path)) {
            Optional<Path> idx = IdxDataset.imagesIn(path);
            return idx.isPresent() ? IdxDataset.open(idx.get()) : ImageFolderDataset.open(path);
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CsvDataset.open(path, labelColumn);
        }
        if (name.contains("idx") || name.endsWith(".gz")) {
            return IdxDataset.open(path);
        }
        throw new DatasetException(path, "is not a dataset Lathe reads: choose an IDX images file, a CSV file, "
                + "or a folder with one subfolder of images per class");
    }

    public static Dataset open(Path path) throws DatasetException {
        return open(path, Optional.empty());
    }
}
