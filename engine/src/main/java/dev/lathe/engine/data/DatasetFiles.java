package dev.lathe.engine.data;

import java.nio.file.Path;
import java.util.List;

/**
 * The files a dataset is made of, as '/'-separated paths relative to {@code root}, and the {@code entry} to open
 * ("" for the root folder itself). Made by {@link Datasets#files}, so a dataset copied file by file to another
 * machine opens there exactly as here.
 */
public record DatasetFiles(Path root, String entry, List<String> files) {
    public DatasetFiles {
        files = List.copyOf(files);
    }

    static DatasetFiles of(Path root, String entry, List<Path> files) {
        Path base = root.toAbsolutePath();
        return new DatasetFiles(base, entry, files.stream()
                .map(f -> base.relativize(f.toAbsolutePath()).toString().replace('\\', '/')).toList());
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }
}
