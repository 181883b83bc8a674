package dev.lathe.engine.data;

import dev.lathe.engine.model.TensorInfo;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Infers how to feed a dataset to a model from the model's input shape, and says exactly what does not fit.
 */
public final class PreprocessingInference {
    private PreprocessingInference() {
    }

    /**
     * @param input the model's input with a fully known shape after the batch dimension
     * @param modelName used in messages, like {@code cnn.onnx}
     */
    public static Preprocessing infer(String modelName, TensorInfo input, long[] shape, Dataset data,
                                      PreprocessingOverrides overrides) throws DatasetException {
        long[] example = java.util.Arrays.copyOfRange(shape, 1, shape.length);
        if (data.featureCount().isPresent()) {
            return features(modelName, input, example, data.featureCount().get(), overrides);
        }
        Dataset.ImageGeometry g = data.imageGeometry().orElseThrow(
                () -> new DatasetException(data.name() + ": holds neither images nor feature rows"));
        Layout layout = overrides.layout().orElseGet(() -> guessLayout(example, g));
        int[] chw = channelsHeightWidth(layout, example, g);
        String expected = describe(input, example);
        if (chw == null) {
            throw mismatch(modelName, input, expected, g);
        }
        int channels = chw[0];
        if (channels != g.channels()) {
            throw mismatch(modelName, input, expected, g);
        }
        boolean sizeDiffers = chw[1] != g.height() || chw[2] != g.width();
        if (sizeDiffers && !overrides.resize()) {
            throw new DatasetException(mismatch(modelName, input, expected, g).getMessage()
                    + "; turn on resizing to scale the images to " + chw[1] + "×" + chw[2]);
        }
        return new Preprocessing(layout, channels, chw[1], chw[2], overrides.scale().orElse(1.0 / 255),
                perChannel(overrides.mean(), channels, 0.0, "mean"), perChannel(overrides.std(), channels, 1.0, "std"),
                sizeDiffers);
    }

    /**
     * A row of features feeds an input of one dimension as it is, and one of three (channels × height × width, like
     * 1×28×28 from a CSV of 784 pixel columns) in row-major order: the row's values fill the input in the order the
     * model declares them.
     */
    private static Preprocessing features(String modelName, TensorInfo input, long[] example, int count,
                                          PreprocessingOverrides overrides) throws DatasetException {
        long wanted = 1;
        for (long d : example) {
            wanted *= d;
        }
        if (wanted != count) {
            throw new DatasetException(modelName + ": input '" + input.name() + "' expects " + describe(input, example)
                    + ", the dataset gives rows of " + count + " features");
        }
        double scale = overrides.scale().orElse(1.0);
        if (example.length == 1) {
            return new Preprocessing(Layout.FLAT, 1, 1, count, scale,
                    perChannel(overrides.mean(), 1, 0.0, "mean"), perChannel(overrides.std(), 1, 1.0, "std"), false);
        }
        if (example.length != 3) {
            throw new DatasetException(modelName + ": input '" + input.name() + "' expects " + describe(input, example)
                    + "; Lathe feeds CSV rows to inputs of one dimension (features) or three (channels×height×width), "
                    + "not " + example.length);
        }
        int channels = (int) example[0];
        return new Preprocessing(Layout.NCHW, channels, (int) example[1], (int) example[2], scale,
                perChannel(overrides.mean(), channels, 0.0, "mean"), perChannel(overrides.std(), channels, 1.0, "std"),
                false);
    }

    private static Layout guessLayout(long[] example, Dataset.ImageGeometry g) {
        if (example.length == 3 && (example[2] == 1 || example[2] == 3) && example[0] != 1 && example[0] != 3) {
            return Layout.NHWC;
        }
        return example.length == 1 ? Layout.FLAT : Layout.NCHW;
    }

    /** {channels, height, width} the model wants, or null when its shape is not an image. */
    private static int[] channelsHeightWidth(Layout layout, long[] example, Dataset.ImageGeometry g) {
        if (layout == Layout.FLAT) {
            return example.length == 1 && example[0] == (long) g.width() * g.height() * g.channels()
                    ? new int[] {g.channels(), g.height(), g.width()} : null;
        }
        if (example.length == 2) {
            // [N, H, W]: one channel, stored exactly as NCHW with C = 1.
            return new int[] {1, (int) example[0], (int) example[1]};
        }
        if (example.length != 3) {
            return null;
        }
        return layout == Layout.NCHW
                ? new int[] {(int) example[0], (int) example[1], (int) example[2]}
                : new int[] {(int) example[2], (int) example[0], (int) example[1]};
    }

    private static List<Double> perChannel(Optional<List<Double>> values, int channels, double fallback, String what)
            throws DatasetException {
        if (values.isEmpty()) {
            return Collections.nCopies(channels, fallback);
        }
        List<Double> v = values.get();
        if (what.equals("std") && v.stream().anyMatch(x -> x == 0)) {
            throw new DatasetException("std must not be 0");
        }
        if (v.size() == 1) {
            return Collections.nCopies(channels, v.get(0));
        }
        if (v.size() != channels) {
            throw new DatasetException(what + " has " + v.size() + " values; give one, or one per channel (" + channels + ")");
        }
        return v;
    }

    private static String describe(TensorInfo input, long[] example) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < example.length; i++) {
            s.append(i == 0 ? "" : "×").append(example[i]);
        }
        return s + " " + input.type().displayName();
    }

    private static DatasetException mismatch(String modelName, TensorInfo input, String expected, Dataset.ImageGeometry g) {
        return new DatasetException(modelName + ": input '" + input.name() + "' expects " + expected
                + ", the dataset gives " + g.describe() + " images");
    }
}
