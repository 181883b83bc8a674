package dev.lathe.engine.data;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The effective preprocessing of one example: pixels (or features) times {@code scale}, minus the channel's mean,
 * divided by its std, laid out as the model wants. Stored with every evaluation so a figure can be reproduced.
 */
public record Preprocessing(Layout layout, int channels, int height, int width, double scale,
                            List<Double> mean, List<Double> std, boolean resize) {

    public Preprocessing {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != channels || std.size() != channels) {
            throw new IllegalArgumentException("mean and std need one value per channel (" + channels + ")");
        }
    }

    /** Values per example. */
    public int size() {
        return channels * height * width;
    }

    /** The example's shape without the batch dimension. */
    public long[] exampleShape() {
        return switch (layout) {
            case NCHW -> new long[] {channels, height, width};
            case NHWC -> new long[] {height, width, channels};
            case FLAT -> new long[] {(long) channels * height * width};
        };
    }

    /** The shape of a batch of {@code batch} examples: the batch dimension first, then {@link #exampleShape()}. */
    public long[] batchShape(int batch) {
        long[] example = exampleShape();
        long[] shape = new long[example.length + 1];
        shape[0] = batch;
        System.arraycopy(example, 0, shape, 1, example.length);
        return shape;
    }

    public String describe() {
        String shape = switch (layout) {
            case NCHW -> "NCHW " + channels + "×" + height + "×" + width;
            case NHWC -> "NHWC " + height + "×" + width + "×" + channels;
            case FLAT -> "flat " + size() + " values";
        };
        String scaling = scale == 1.0 ? "values as stored" : "× " + formatScale(scale);
        return shape + ", " + scaling + ", mean " + list(mean) + ", std " + list(std) + (resize ? ", resized (bilinear)" : "");
    }

    /** Writes the preprocessed example into {@code dest} from {@code offset}. */
    public void apply(RawSample sample, float[] dest, int offset) {
        if (sample instanceof RawSample.Features f) {
            // A row fills the example in its declared order; under NCHW each plane of height × width is one channel.
            int plane = layout == Layout.NCHW ? height * width : Integer.MAX_VALUE;
            for (int i = 0; i < f.values().length; i++) {
                int c = i / plane;
                dest[offset + i] = (float) ((f.values()[i] * scale - mean.get(c)) / std.get(c));
            }
            return;
        }
        RawSample.Image image = fit((RawSample.Image) sample);
        byte[] px = image.pixels();
        int hw = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    int src = (y * width + x) * channels + c;
                    float v = (float) (((px[src] & 0xff) * scale - mean.get(c)) / std.get(c));
                    int at = layout == Layout.NCHW ? c * hw + y * width + x : src;
                    dest[offset + at] = v;
                }
            }
        }
    }

    private RawSample.Image fit(RawSample.Image image) {
        if (image.width() == width && image.height() == height) {
            return image;
        }
        return ImageResize.bilinear(image, width, height);
    }

    private static String list(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.4g", v)).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String formatScale(double scale) {
        double inverse = 1 / scale;
        if (Math.abs(inverse - Math.rint(inverse)) < 1e-6) {
            return "1/" + (long) Math.rint(inverse);
        }
        return String.format(Locale.ROOT, "%.6g", scale);
    }
}
