package dev.lathe.engine.fidelity;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.data.Preprocessing;
import dev.lathe.engine.data.PreprocessingInference;
import dev.lathe.engine.data.PreprocessingOverrides;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Runs a parent and its variant on the same inputs and compares their first outputs: on a dataset, preprocessed as
 * evaluation does, or on seeded synthetic inputs when there is none.
 */
public final class FidelityMeter {
    public static final long SEED = 0;
    private static final int BATCH = 32;

    private final Runtimes runtimes;

    public FidelityMeter(Runtimes runtimes) {
        this.runtimes = runtimes;
    }

    /** @param samples examples to compare; 0 with a dataset means all of it */
    public FidelityReport measure(ModelHandle parent, ModelHandle variant, Optional<Path> dataset, int samples,
                                  Progress progress) throws LatheException {
        SessionOptions options = options();
        try (InferenceSession p = runtimes.open(parent, options);
             InferenceSession v = runtimes.open(variant, options)) {
            Inputs inputs = inputs(parent, p, dataset, samples).fitting(v.inputs().get(0));
            OutputComparison comparison = new OutputComparison();
            int done = 0;
            while (done < inputs.count()) {
                CancelledException.checkpoint("Fidelity of " + variant.name());
                int size = Math.min(inputs.batch(), inputs.count() - done);
                FloatTensor x = inputs.source().batch(done, size);
                FloatTensor a = p.run(x);
                FloatTensor b = v.run(x);
                if (!Arrays.equals(a.shape(), b.shape())) {
                    throw new InferenceException(variant.name() + ": its output has shape " + Arrays.toString(b.shape())
                            + " where " + parent.name() + " gives " + Arrays.toString(a.shape()) + "; they cannot be compared");
                }
                comparison.add(a, b);
                done += size;
                progress.report(done, inputs.count(), "Compared " + done + " of " + inputs.count());
            }
            return comparison.report(inputs.description());
        }
    }

    /** Examples one comparison runs: ten times ImageNet's validation set; each is run twice. */
    public static final int MAX_SAMPLES = 500_000;

    /** The inputs fidelity feeds {@code model}: examples of the dataset, or seeded synthetic ones. */
    static Inputs inputs(ModelHandle model, InferenceSession session, Optional<Path> dataset, int samples)
            throws LatheException {
        if (samples < 0 || samples > MAX_SAMPLES) {
            throw new LatheException("fidelity compares 1 to " + String.format(java.util.Locale.ROOT, "%,d", MAX_SAMPLES)
                    + " examples, not " + samples);
        }
        return dataset.isPresent() ? fromDataset(model, session.inputs().get(0), dataset.get(), samples)
                : synthetic(model, session.inputs().get(0), samples);
    }

    static SessionOptions options() {
        return SessionOptions.DEFAULT.withThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** Makes batch {@code size} starting at example {@code from}. */
    interface BatchSource {
        FloatTensor batch(int from, int size) throws LatheException;
    }

    record Inputs(BatchSource source, int count, int batch, String description) {
        /**
         * These inputs in the batch {@code other} insists on, where its first dimension is fixed: an ExecuTorch
         * program compared with its ONNX parent takes the batch it was exported with.
         */
        Inputs fitting(TensorInfo other) {
            if (!other.hasShape() || !other.shape().get(0).isFixed() || other.shape().get(0).size() == batch) {
                return this;
            }
            int fixed = (int) other.shape().get(0).size();
            return new Inputs(source, count - count % fixed, fixed, description);
        }
    }

    private static Inputs fromDataset(ModelHandle parent, TensorInfo input, Path path, int samples) throws LatheException {
        Dataset data = Datasets.open(path);
        long[] probe = parent.inputShape().map(long[]::clone).or(() -> input.shapeWithBatch(1)).orElseThrow(() ->
                new InferenceException(parent.name() + ": input '" + input.name() + "' declares no complete shape; "
                        + "give an input shape"));
        probe[0] = 1;
        Preprocessing pre = PreprocessingInference.infer(parent.name(), input, probe, data, PreprocessingOverrides.NONE);
        int count = samples > 0 ? Math.min(samples, data.size()) : data.size();
        BatchSource source = (from, size) -> {
            float[] values = new float[size * pre.size()];
            for (int i = 0; i < size; i++) {
                pre.apply(data.sample(from + i), values, i * pre.size());
            }
            return new FloatTensor(values, pre.batchShape(size));
        };
        return inputs(source, input, count, data.name());
    }

    private static Inputs synthetic(ModelHandle parent, TensorInfo input, int samples) throws LatheException {
        SyntheticInputs synthetic = new SyntheticInputs(parent.name(), input, parent.inputShape(), SEED);
        BatchSource source = (from, size) -> synthetic.next(size);
        return inputs(source, input, samples, "synthetic (seed " + SEED + ")");
    }

    // A model with a fixed batch dimension is fed exactly that; counts are rounded down to whole batches.
    private static Inputs inputs(BatchSource source, TensorInfo input, int count, String description) {
        if (input.hasShape() && input.shape().get(0).isFixed()) {
            int fixed = (int) input.shape().get(0).size();
            return new Inputs(source, count - count % fixed, fixed, description);
        }
        return new Inputs(source, count, BATCH, description);
    }
}
