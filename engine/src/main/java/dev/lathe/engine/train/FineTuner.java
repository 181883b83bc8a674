package dev.lathe.engine.train;

import ai.djl.nn.Block;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Preprocessing;
import dev.lathe.engine.runtime.torchscript.PyTorchEngine;
import dev.lathe.engine.runtime.FloatTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Fine-tunes a DJL block as a classifier on a labelled dataset, on DJL's PyTorch engine on the CPU: a
 * {@link GraphBlock} (an ONNX graph) or a TorchScript module loaded for training, whose parameters are libtorch's own.
 *
 * <p>Runs are reproducible: PyTorch's generator (dropout) is seeded from the config, examples are shuffled by a
 * {@link Random} with the same seed, and {@link PyTorchEngine} runs libtorch on one intra-op thread, so the same
 * config on the same data gives bit-identical weights. Honours thread interruption between batches; a cancelled
 * run leaves the block with the weights of the last finished batch.
 */
public final class FineTuner {
    private final PyTorchEngine pytorch;
    private final TrainingListener listener;

    public FineTuner(PyTorchEngine pytorch) {
        this(pytorch, TrainingListener.NONE);
    }

    /** @param listener hears each batch and epoch as it is trained */
    public FineTuner(PyTorchEngine pytorch, TrainingListener listener) {
        this.pytorch = pytorch;
        this.listener = listener;
    }

    /** Trains {@code block} in place and returns what each epoch measured. */
    public List<EpochResult> fineTune(String modelName, Block block, Dataset data, Preprocessing pre,
                                      FineTuneConfig config, Progress progress) throws LatheException {
        return fineTune(modelName, block, data, pre, config, ParameterConstraint.NONE, progress);
    }

    /**
     * Trains {@code block} in place, enforcing {@code constraint} after every optimizer step (pruning masks keep
     * removed weights at exactly zero this way), and returns what each epoch measured.
     */
    public List<EpochResult> fineTune(String modelName, Block block, Dataset data, Preprocessing pre,
                                      FineTuneConfig config, ParameterConstraint constraint, Progress progress)
            throws LatheException {
        return fineTune(modelName, block, data, pre, config, constraint, TrainingLoss.CROSS_ENTROPY, progress);
    }

    /**
     * Trains {@code block} in place minimising {@code loss} instead of cross-entropy (distillation adds the
     * teacher's soft targets this way), enforcing {@code constraint} after every step; returns what each epoch
     * measured, its mean loss being {@code loss}'s.
     */
    public List<EpochResult> fineTune(String modelName, Block block, Dataset data, Preprocessing pre,
                                      FineTuneConfig config, ParameterConstraint constraint, TrainingLoss loss,
                                      Progress progress) throws LatheException {
        pytorch.engine().setRandomSeed(Long.hashCode(config.seed()));
        int n = config.limit() > 0 ? Math.min(config.limit(), data.size()) : data.size();
        if (n == 0) {
            throw new TrainingException(data.name() + " holds no examples to train " + modelName + " on");
        }
        Random shuffle = new Random(config.seed());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        List<EpochResult> epochs = new ArrayList<>();
        listener.started(config.epochs(), (n + config.batchSize() - 1) / config.batchSize());
        try (TrainingLoop loop = new TrainingLoop(modelName, block, config, constraint, loss)) {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                shuffle(order, shuffle);
                epochs.add(epoch(modelName, loop, data, pre, order, config, epoch, progress));
            }
        }
        return epochs;
    }

    private EpochResult epoch(String modelName, TrainingLoop loop, Dataset data, Preprocessing pre,
                                     int[] order, FineTuneConfig config, int epoch, Progress progress)
            throws LatheException {
        long start = System.nanoTime();
        double loss = 0;
        int correct = 0;
        int batch = config.batchSize();
        long total = (long) config.epochs() * order.length;
        for (int from = 0; from < order.length; from += batch) {
            CancelledException.checkpoint("Fine-tuning of " + modelName);
            int size = Math.min(batch, order.length - from);
            float[] values = new float[size * pre.size()];
            int[] labels = new int[size];
            int[] examples = Arrays.copyOfRange(order, from, from + size);
            for (int i = 0; i < size; i++) {
                pre.apply(data.sample(order[from + i]), values, i * pre.size());
                labels[i] = data.label(order[from + i]);
            }
            TrainingLoop.BatchResult result = loop.step(new FloatTensor(values, shape(size, pre)), labels,
                    examples);
            loss += result.loss();
            correct += result.correct();
            int batches = (order.length + batch - 1) / batch;
            listener.batch((epoch - 1) * batches + from / batch + 1, epoch, from / batch + 1, batches,
                    result.loss() / size, (double) result.correct() / size);
            long done = (long) (epoch - 1) * order.length + from + size;
            progress.report(done, total, String.format(Locale.ROOT, "Epoch %d of %d: %d of %d examples,"
                    + " loss %.4f", epoch, config.epochs(), from + size, order.length, loss / (from + size)));
        }
        EpochResult result = new EpochResult(epoch, order.length, loss / order.length,
                (double) correct / order.length, (System.nanoTime() - start) / 1_000_000);
        listener.epoch(epoch, result.meanLoss(), result.accuracy(), result.millis());
        return result;
    }

    /** Fisher–Yates, written out so the order depends only on the seed, not on a library's choice of algorithm. */
    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    private static long[] shape(int batch, Preprocessing pre) {
        long[] example = pre.exampleShape();
        long[] shape = new long[example.length + 1];
        shape[0] = batch;
        System.arraycopy(example, 0, shape, 1, example.length);
        return shape;
    }
}
