package dev.lathe.engine.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG, JPEG, BMP and GIF files into 8-bit pixels. The one engine class that touches {@code java.awt.image}:
 * the JDK's decoders hand pixels over in a {@code BufferedImage}, a headless pixel buffer, not a GUI toolkit.
 * An image's size is read from its header first, so one of 30000×30000 is refused at once instead of decoded.
 */
final class ImageDecoder {
    private ImageDecoder() {
    }

    /** Grayscale images keep one channel; everything else becomes RGB (alpha is dropped). */
    static RawSample.Image decode(Path file) throws DatasetException {
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DatasetException(file, "is not an image Lathe can read (PNG, JPEG, BMP or GIF); remove it from the folder");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkSize(file, reader.getWidth(0), reader.getHeight(0));
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(file, "is a broken or unreadable image (" + e.getMessage()
                    + "); remove or replace it", e);
        }
        return pixels(image);
    }

    private static void checkSize(Path file, int width, int height) throws DatasetException {
        if (width < 1 || height < 1 || (long) width * height > DatasetLimits.MAX_PIXELS) {
            throw new DatasetException(file, "is " + width + "×" + height + " pixels; Lathe reads images of up to "
                    + String.format(Locale.ROOT, "%,d", DatasetLimits.MAX_PIXELS) + " pixels (8192×8192): scale it down "
                    + "or remove it");
        }
    }

    /** 8-bit gray as stored; 1-, 2-, 4- and 16-bit gray scaled to 8 bits. */
    private static void grayPixels(BufferedImage image, byte[] pixels) {
        int w = image.getWidth();
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            image.getRaster().getDataElements(0, 0, w, image.getHeight(), pixels);
            return;
        }
        int max = (1 << image.getColorModel().getComponentSize(0)) - 1;
        java.awt.image.Raster raster = image.getRaster();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                pixels[y * w + x] = (byte) Math.round(raster.getSample(x, y, 0) * 255.0 / max);
            }
        }
    }

    private static RawSample.Image pixels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean gray = image.getType() == BufferedImage.TYPE_BYTE_GRAY || image.getColorModel().getNumComponents() == 1;
        int channels = gray ? 1 : 3;
        byte[] pixels = new byte[w * h * channels];
        if (gray) {
            grayPixels(image, pixels);
            return new RawSample.Image(w, h, 1, pixels);
        }
        // Row by row: a whole-image int[] of ARGB would double the memory a large photo takes.
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                pixels[3 * i] = (byte) (argb[x] >> 16);
                pixels[3 * i + 1] = (byte) (argb[x] >> 8);
                pixels[3 * i + 2] = (byte) argb[x];
            }
        }
        return new RawSample.Image(w, h, 3, pixels);
    }
}
