package dev.lathe.engine.data;

/** One example as the dataset stores it, before preprocessing. */
public sealed interface RawSample {

    /** 8-bit pixels in height × width × channels order. */
    record Image(int width, int height, int channels, byte[] pixels) implements RawSample {
        public Image {
            if (pixels.length != width * height * channels) {
                throw new IllegalArgumentException("pixels do not fill " + width + "×" + height + "×" + channels);
            }
        }
    }

    /** A row of numeric features. */
    record Features(float[] values) implements RawSample {
    }
}
