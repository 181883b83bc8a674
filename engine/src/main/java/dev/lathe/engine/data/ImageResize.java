package dev.lathe.engine.data;

/** Bilinear resizing of 8-bit images, sampling at pixel centres. */
final class ImageResize {
    private ImageResize() {
    }

    static RawSample.Image bilinear(RawSample.Image in, int width, int height) {
        int c = in.channels();
        byte[] src = in.pixels();
        byte[] out = new byte[width * height * c];
        double sx = (double) in.width() / width;
        double sy = (double) in.height() / height;
        for (int y = 0; y < height; y++) {
            double fy = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) fy, in.height() - 1);
            int y1 = Math.min(y0 + 1, in.height() - 1);
            double wy = fy - y0;
            for (int x = 0; x < width; x++) {
                double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) fx, in.width() - 1);
                int x1 = Math.min(x0 + 1, in.width() - 1);
                double wx = fx - x0;
                for (int k = 0; k < c; k++) {
                    double top = px(src, in, x0, y0, k) * (1 - wx) + px(src, in, x1, y0, k) * wx;
                    double bottom = px(src, in, x0, y1, k) * (1 - wx) + px(src, in, x1, y1, k) * wx;
                    out[(y * width + x) * c + k] = (byte) Math.round(top * (1 - wy) + bottom * wy);
                }
            }
        }
        return new RawSample.Image(width, height, c, out);
    }

    private static int px(byte[] src, RawSample.Image in, int x, int y, int k) {
        return src[(y * in.width() + x) * in.channels() + k] & 0xff;
    }
}
