package dev.lathe.engine.data;

import dev.lathe.engine.provenance.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** One subfolder per class (sorted by name), holding PNG/JPEG/BMP/GIF images; decoded on demand. */
final class ImageFolderDataset implements Dataset {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private final Path root;
    private final List<String> classNames;
    private final List<Path> files;
    private final int[] labels;
    private final ImageGeometry geometry;

    private ImageFolderDataset(Path root, List<String> classNames, List<Path> files, int[] labels, ImageGeometry geometry) {
        this.root = root;
        this.classNames = classNames;
        this.files = files;
        this.labels = labels;
        this.geometry = geometry;
    }

    static ImageFolderDataset open(Path root) throws DatasetException {
        List<Path> classDirs = list(root, Files::isDirectory);
        if (classDirs.isEmpty()) {
            throw new DatasetException(root, "has no class subfolders; an image dataset needs one folder per class "
                    + "(e.g. cats/, dogs/) holding PNG or JPEG images");
        }
        if (classDirs.size() > DatasetLimits.MAX_CLASSES) {
            throw new DatasetException(root, "has " + classDirs.size() + " class folders; Lathe evaluates classifiers of "
                    + "up to " + String.format(Locale.ROOT, "%,d", DatasetLimits.MAX_CLASSES) + " classes");
        }
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> images = list(dir, ImageFolderDataset::isImage);
            if (files.size() + images.size() > DatasetLimits.MAX_IMAGES) {
                throw new DatasetException(root, "holds more than " + String.format(Locale.ROOT, "%,d",
                        DatasetLimits.MAX_IMAGES) + " images; Lathe reads image folders of up to that many (ImageNet's "
                        + "training set has 1.28 million)");
            }
            names.add(dir.getFileName().toString());
            for (Path image : images) {
                files.add(image);
                labels.add(names.size() - 1);
            }
        }
        if (files.isEmpty()) {
            throw new DatasetException(root, "has class folders but no PNG, JPEG, BMP or GIF images in them");
        }
        RawSample.Image first = ImageDecoder.decode(files.get(0));
        ImageGeometry geometry = new ImageGeometry(first.width(), first.height(), first.channels());
        return new ImageFolderDataset(root, List.copyOf(names), List.copyOf(files),
                labels.stream().mapToInt(Integer::intValue).toArray(), geometry);
    }

    /** The images a dataset at {@code root} reads, class folder by class folder. */
    static List<Path> imageFiles(Path root) throws DatasetException {
        List<Path> files = new ArrayList<>();
        for (Path dir : list(root, Files::isDirectory)) {
            files.addAll(list(dir, ImageFolderDataset::isImage));
        }
        return files;
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && !name.startsWith(".") && EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> filter) throws DatasetException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(filter).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(dir, "cannot be listed: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return root.getFileName().toString();
    }

    @Override
    public DatasetFormat format() {
        return DatasetFormat.IMAGE_FOLDER;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** The first image's geometry; others may differ and are then resized or refused by the preprocessing. */
    @Override
    public Optional<ImageGeometry> imageGeometry() {
        return Optional.of(geometry);
    }

    @Override
    public Optional<Integer> featureCount() {
        return Optional.empty();
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public RawSample sample(int index) throws DatasetException {
        return ImageDecoder.decode(files.get(index));
    }

    @Override
    public String sha256() throws DatasetException {
        try {
            return Hashing.sha256Of(files);
        } catch (IOException e) {
            throw new DatasetException(root, "cannot be read: " + e.getMessage(), e);
        }
    }
}
