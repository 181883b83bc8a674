package dev.lathe.engine.data;

import dev.lathe.engine.provenance.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * MNIST-style IDX images (N×H×W or N×H×W×C bytes) with their labels in the file beside them: the name with
 * "images" replaced by "labels" and "idx3"/"idx4" by "idx1".
 */
final class IdxDataset implements Dataset {
    private final Path imagesFile;
    private final Path labelsFile;
    private final IdxFile images;
    private final byte[] labels;
    private final List<String> classNames;
    private final ImageGeometry geometry;

    private IdxDataset(Path imagesFile, Path labelsFile, IdxFile images, byte[] labels, List<String> classNames) {
        this.imagesFile = imagesFile;
        this.labelsFile = labelsFile;
        this.images = images;
        this.labels = labels;
        this.classNames = classNames;
        int[] d = images.dims();
        this.geometry = new ImageGeometry(d[2], d[1], d.length == 4 ? d[3] : 1);
    }

    static IdxDataset open(Path imagesFile) throws DatasetException {
        Path labelsFile = labelsBeside(imagesFile);
        IdxFile images = IdxFile.read(imagesFile, 3, 4, "an IDX images file (…-images-idx3-ubyte)");
        int[] d = images.dims();
        if (d[1] < 1 || d[2] < 1 || d.length == 4 && d[3] < 1) {
            throw new DatasetException(imagesFile, "declares images of " + d[1] + "×" + d[2]
                    + (d.length == 4 ? "×" + d[3] : "") + "; every size must be 1 or more");
        }
        IdxFile labels = IdxFile.read(labelsFile, 1, 1, "an IDX labels file (…-labels-idx1-ubyte)");
        if (labels.count() != images.count()) {
            throw new DatasetException(labelsFile, "labels do not match images: " + images.count() + " images in "
                    + imagesFile.getFileName() + " but " + labels.count() + " labels");
        }
        return new IdxDataset(imagesFile, labelsFile, images, labels.data(), classNames(labels.data()));
    }

    /** Finds the images file in a folder that holds one IDX images/labels pair. */
    static Optional<Path> imagesIn(Path dir) throws DatasetException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> isImagesFileName(p.getFileName().toString())).sorted().toList();
            return found.stream().filter(p -> p.getFileName().toString().startsWith("t10k")).findFirst()
                    .or(() -> found.stream().findFirst());
        } catch (IOException e) {
            throw new DatasetException(dir, "cannot be listed: " + e.getMessage(), e);
        }
    }

    static boolean isImagesFileName(String name) {
        return name.contains("images") && (name.contains("idx3") || name.contains("idx4"));
    }

    static Path labelsBeside(Path imagesFile) throws DatasetException {
        String name = imagesFile.getFileName().toString();
        if (!name.contains("images")) {
            throw new DatasetException(imagesFile, "is not named like an IDX images file (…-images-idx3-ubyte[.gz]), "
                    + "so its labels file cannot be found");
        }
        String labelsName = name.replace("images", "labels").replace("idx3", "idx1").replace("idx4", "idx1");
        Path labels = imagesFile.resolveSibling(labelsName);
        if (!Files.isRegularFile(labels)) {
            throw new DatasetException(imagesFile, "has no labels file beside it; expected " + labelsName);
        }
        return labels;
    }

    private static List<String> classNames(byte[] labels) {
        int max = 0;
        for (byte b : labels) {
            max = Math.max(max, b & 0xff);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i <= max; i++) {
            names.add(Integer.toString(i));
        }
        return List.copyOf(names);
    }

    @Override
    public String name() {
        return imagesFile.getFileName().toString();
    }

    @Override
    public DatasetFormat format() {
        return DatasetFormat.IDX;
    }

    @Override
    public int size() {
        return images.count();
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

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
        return labels[index] & 0xff;
    }

    @Override
    public RawSample sample(int index) {
        int size = images.itemSize();
        byte[] pixels = new byte[size];
        System.arraycopy(images.data(), index * size, pixels, 0, size);
        return new RawSample.Image(geometry.width(), geometry.height(), geometry.channels(), pixels);
    }

    @Override
    public String sha256() throws DatasetException {
        try {
            return Hashing.sha256Of(List.of(imagesFile, labelsFile));
        } catch (IOException e) {
            throw new DatasetException(imagesFile, "cannot be read: " + e.getMessage(), e);
        }
    }
}
