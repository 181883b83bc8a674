package dev.lathe.engine.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes PNG, JPEG, BMP and GIF files into 8-bit pixels. The one engine class that touches {@code java.awt.image}:
 * the JDK's decoders hand pixels over in a {@code BufferedImage}, a headless pixel buffer, not a GUI toolkit.
 */
final class ImageDecoder {
    private ImageDecoder() {
    }

    /** Grayscale images keep one channel; everything else becomes RGB (alpha is dropped). */
    static RawSample.Image decode(Path file) throws DatasetException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(file, "is a broken or unreadable image (" + e.getMessage()
                    + "); remove or replace it", e);
        }
        if (image == null) {
            throw new DatasetException(file, "is not an image Lathe can read (PNG, JPEG, BMP or GIF); remove it from the folder");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean gray = image.getType() == BufferedImage.TYPE_BYTE_GRAY || image.getColorModel().getNumComponents() == 1;
        int channels = gray ? 1 : 3;
        byte[] pixels = new byte[w * h * channels];
        if (gray) {
            image.getRaster().getDataElements(0, 0, w, h, pixels);
            return new RawSample.Image(w, h, 1, pixels);
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            pixels[3 * i] = (byte) (argb[i] >> 16);
            pixels[3 * i + 1] = (byte) (argb[i] >> 8);
            pixels[3 * i + 2] = (byte) argb[i];
        }
        return new RawSample.Image(w, h, 3, pixels);
    }
}
