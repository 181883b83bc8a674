package dev.lathe.engine.variant;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.DatasetException;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.data.Preprocessing;
import dev.lathe.engine.data.PreprocessingInference;
import dev.lathe.engine.data.PreprocessingOverrides;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.quantize.CalibrationData;
import dev.lathe.engine.runtime.FloatTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Reads calibration examples from a dataset, preprocessed exactly as evaluation feeds the model. Which examples is
 * decided by a seed, so a recipe run can be repeated example for example.
 */
public final class CalibrationSets {
    private static final int BATCH = 32;

    private CalibrationSets() {
    }

    public static CalibrationData load(String modelName, TensorInfo input, Optional<long[]> givenShape, Path dataset,
                                       int samples, long seed, Progress progress)
            throws DatasetException, CancelledException {
        progress.report(0, -1, "Reading calibration data from " + dataset.getFileName());
        Dataset data = Datasets.open(dataset);
        Preprocessing pre = preprocessing(modelName, input, givenShape, data);
        if (data.size() == 0) {
            throw new DatasetException(dataset, "holds no examples to calibrate on");
        }
        int[] picked = pick(data.size(), Math.min(samples, data.size()), seed);
        // A model with a fixed batch takes only whole batches; the remainder is left out rather than padded.
        boolean fixedBatch = input.hasShape() && input.shape().get(0).isFixed();
        int batch = fixedBatch ? (int) input.shape().get(0).size() : BATCH;
        int usable = fixedBatch ? picked.length - picked.length % batch : picked.length;
        if (usable == 0) {
            throw new DatasetException(dataset, "has " + picked.length + " examples; " + modelName
                    + " takes batches of " + batch);
        }
        List<FloatTensor> batches = new ArrayList<>();
        for (int from = 0; from < usable; from += batch) {
            CancelledException.checkpoint("Reading calibration data");
            int size = Math.min(batch, usable - from);
            float[] values = new float[size * pre.size()];
            for (int i = 0; i < size; i++) {
                pre.apply(data.sample(picked[from + i]), values, i * pre.size());
            }
            batches.add(new FloatTensor(values, pre.batchShape(size)));
            progress.report(from + size, usable, "Read " + (from + size) + " of " + usable + " calibration examples");
        }
        return new CalibrationData(batches, data.sha256(), Optional.of(new CalibrationData.Draw(samples, seed)));
    }

    /** What evaluation would do to {@code data}'s examples for this input, or why they do not fit it. */
    static Preprocessing preprocessing(String modelName, TensorInfo input, Optional<long[]> givenShape, Dataset data)
            throws DatasetException {
        long[] probe = givenShape.map(long[]::clone).or(() -> input.shapeWithBatch(1)).orElseThrow(() ->
                new DatasetException(modelName + ": input '" + input.name() + "' declares no complete shape ("
                        + input.describe() + "), so examples cannot be shaped for it; give the sizes it was made for "
                        + "with --input-shape " + input.inputShapeTemplate()));
        probe[0] = 1;
        return PreprocessingInference.infer(modelName, input, probe, data, PreprocessingOverrides.NONE);
    }

    /** {@code n} distinct indices below {@code size}, chosen by the seed, in ascending order (files read forward). */
    static int[] pick(int size, int n, long seed) {
        int[] all = new int[size];
        Arrays.setAll(all, i -> i);
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(size - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, n);
        Arrays.sort(chosen);
        return chosen;
    }
}
