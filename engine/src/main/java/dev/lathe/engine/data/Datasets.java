package dev.lathe.engine.data;

import dev.lathe.engine.files.InputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        Optional<String> problem = InputFiles.problem(path, true);
        if (problem.isPresent()) {
            throw new DatasetException(path, problem.get());
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

    /**
     * The files {@link #open} would read for {@code path}, relative to a root folder, so the dataset can be copied
     * elsewhere (to a device) and opened there the same way.
     */
    public static DatasetFiles files(Path path) throws DatasetException {
        Optional<String> problem = InputFiles.problem(path, true);
        if (problem.isPresent()) {
            throw new DatasetException(path, problem.get());
        }
        if (Files.isDirectory(path)) {
            Optional<Path> idx = IdxDataset.imagesIn(path);
            return DatasetFiles.of(path, "", idx.isPresent()
                    ? List.of(idx.get(), IdxDataset.labelsBeside(idx.get())) : ImageFolderDataset.imageFiles(path));
        }
        Path folder = path.toAbsolutePath().getParent();
        String name = path.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return DatasetFiles.of(folder, name, List.of(path));
        }
        if (name.toLowerCase(Locale.ROOT).contains("idx") || name.toLowerCase(Locale.ROOT).endsWith(".gz")) {
            return DatasetFiles.of(folder, name, List.of(path, IdxDataset.labelsBeside(path)));
        }
        throw new DatasetException(path, "is not a dataset Lathe reads: choose an IDX images file, a CSV file, "
                + "or a folder with one subfolder of images per class");
    }

    public static Dataset open(Path path) throws DatasetException {
        return open(path, Optional.empty());
    }
}
