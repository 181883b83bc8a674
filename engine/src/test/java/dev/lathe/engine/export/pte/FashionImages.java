package dev.lathe.engine.export.pte;

import dev.lathe.engine.Samples;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Fashion-MNIST test images as the sample CNN reads them (pixel / 255), from Debian's dataset package. */
public final class FashionImages {
    static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");

    private FashionImages() {
    }

    /** The labels of the first {@code count} test images, Debian's file or the shipped copy. */
    public static int[] labels(int count) throws IOException {
        Path debian = DEBIAN.resolveSibling("t10k-labels-idx1-ubyte.gz");
        Path file = Files.isRegularFile(debian) ? debian : Samples.testLabels();
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != 0x801 || in.readInt() < count) {
                throw new IOException(file + " is not an IDX label file of " + count + " labels");
            }
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        }
    }

    /** The first {@code count} images, NCHW, or the shipped copy of the same file where Debian's is absent. */
    public static float[] first(int count) throws IOException {
        Path file = Files.isRegularFile(DEBIAN) ? DEBIAN : Samples.testImages();
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != 0x803) {
                throw new IOException(file + " is not an IDX image file");
            }
            int available = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count > available || rows != 28 || cols != 28) {
                throw new IOException(file + " holds " + available + " images of " + rows + "×" + cols);
            }
            byte[] pixels = new byte[count * 28 * 28];
            in.readFully(pixels);
            float[] values = new float[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                values[i] = (pixels[i] & 0xff) / 255f;
            }
            return values;
        }
    }
}
