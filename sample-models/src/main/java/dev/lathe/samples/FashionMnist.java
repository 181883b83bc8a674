package dev.lathe.samples;

import dev.lathe.engine.data.DatasetException;
import dev.lathe.engine.data.IdxFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One split of Fashion-MNIST as the network sees it: images scaled to [0, 1] (pixel / 255, nothing else, which is
 * what the exported model's {@code lathe.preprocessing} promises) and class indices.
 */
public record FashionMnist(float[] pixels, int[] labels) {
    public static final int SIDE = 28;
    public static final int IMAGE_SIZE = SIDE * SIDE;
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    public int count() {
        return labels.length;
    }

    /** Reads {@code <split>-images-idx3-ubyte.gz} and {@code <split>-labels-idx1-ubyte.gz}; split is train or t10k. */
    public static FashionMnist load(Path dir, String split) throws DatasetException {
        Path imageFile = imagesFile(dir, split);
        Path labelFile = labelsFile(dir, split);
        for (Path file : List.of(imageFile, labelFile)) {
            if (!Files.isRegularFile(file)) {
                throw new DatasetException(file, "not found in " + dir
                        + "; install it with 'apt-get install dataset-fashion-mnist' or pass --data DIR");
            }
        }
        IdxFile images = IdxFile.read(imageFile);
        IdxFile labels = IdxFile.read(labelFile);
        if (images.itemSize() != IMAGE_SIZE || images.count() != labels.count() || labels.itemSize() != 1) {
            throw new DatasetException(imageFile, "holds " + images + " with labels " + labels
                    + "; expected N×28×28 images and N labels");
        }
        return new FashionMnist(scale(images.data()), classes(labelFile, labels.data()));
    }

    public static Path imagesFile(Path dir, String split) {
        return dir.resolve(split + "-images-idx3-ubyte.gz");
    }

    public static Path labelsFile(Path dir, String split) {
        return dir.resolve(split + "-labels-idx1-ubyte.gz");
    }

    /** The pixels of images {@code [from, from + n)}, back to back, ready for an N×1×28×28 tensor. */
    public float[] images(int from, int n) {
        float[] out = new float[n * IMAGE_SIZE];
        System.arraycopy(pixels, from * IMAGE_SIZE, out, 0, out.length);
        return out;
    }

    private static float[] scale(byte[] raw) {
        float[] out = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = (raw[i] & 0xff) / 255f;
        }
        return out;
    }

    private static int[] classes(Path file, byte[] raw) throws DatasetException {
        int[] out = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = raw[i] & 0xff;
            if (out[i] >= CLASS_NAMES.size()) {
                throw new DatasetException(file, "label " + out[i] + " at item " + i + " is not a class 0–9");
            }
        }
        return out;
    }
}
