package dev.lathe.samples;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.time.Duration;

/** Trains a {@link FashionCnn} with Adam on a cosine-decayed learning rate, reporting after every epoch. */
public final class CnnTrainer {

    /** Everything that decides the result, so the generator can record it next to the model. */
    public record Settings(int epochs, int batchSize, float learningRate, float finalLearningRate) {
        public Settings {
            if (epochs < 1 || batchSize < 1 || learningRate <= 0 || finalLearningRate < 0) {
                throw new IllegalArgumentException("epochs, batch size and learning rate must be positive: " + this);
            }
        }
    }

    /** What one epoch achieved; {@code testTop1} is measured by DJL in inference mode. */
    public record EpochResult(int epoch, double meanLoss, double trainTop1, double testTop1, Duration time) {
    }

    /** Hears about each finished epoch; the generator prints, a test may collect. */
    @FunctionalInterface
    public interface EpochListener {
        void onEpoch(EpochResult result);
    }

    private CnnTrainer() {
    }

    /** Trains {@code model}'s block (a {@link FashionCnn}) in place; its parameters stay with the model. */
    public static void train(Model model, FashionMnist train, FashionMnist test, Settings settings,
            EpochListener listener) throws IOException, TranslateException {
        int stepsPerEpoch = (train.count() + settings.batchSize() - 1) / settings.batchSize();
        Tracker rate = Tracker.cosine().setBaseValue(settings.learningRate())
                .optFinalValue(settings.finalLearningRate())
                .setMaxUpdates(settings.epochs() * stepsPerEpoch).build();
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(rate).build());
        try (Trainer trainer = model.newTrainer(config);
                NDManager data = model.getNDManager().newSubManager()) {
            trainer.initialize(new Shape(1, 1, FashionMnist.SIDE, FashionMnist.SIDE));
            ArrayDataset dataset = arrayDataset(data, train, settings.batchSize());
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                long start = System.nanoTime();
                EpochTotals totals = new EpochTotals();
                for (Batch batch : trainer.iterateDataset(dataset)) {
                    trainBatch(trainer, batch, totals);
                }
                double testTop1 = DjlClassifier.top1(model, test);
                listener.onEpoch(new EpochResult(epoch, totals.loss / totals.batches,
                        (double) totals.correct / totals.seen, testTop1, Duration.ofNanos(System.nanoTime() - start)));
            }
        }
    }

    /** The split as DJL's in-memory dataset: N×1×28×28 floats and float class indices, reshuffled every epoch. */
    static ArrayDataset arrayDataset(NDManager manager, FashionMnist split, int batchSize) {
        NDArray images = manager.create(split.pixels(),
                new Shape(split.count(), 1, FashionMnist.SIDE, FashionMnist.SIDE));
        float[] labels = new float[split.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = split.labels()[i];
        }
        return new ArrayDataset.Builder().setData(images).optLabels(manager.create(labels))
                .setSampling(batchSize, true).build();
    }

    private static void trainBatch(Trainer trainer, Batch batch, EpochTotals totals) {
        try (batch) {
            NDList labels = batch.getLabels();
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(batch.getData(), labels);
                NDArray loss = trainer.getLoss().evaluate(labels, predictions);
                collector.backward(loss);
                totals.loss += loss.getFloat();
                NDArray predicted = predictions.singletonOrThrow().argMax(1).toType(DataType.FLOAT32, false);
                totals.correct += predicted.eq(labels.singletonOrThrow()).sum().getLong();
            }
            totals.batches++;
            totals.seen += batch.getSize();
            trainer.step();
        }
    }

    /** Running sums over one epoch. */
    private static final class EpochTotals {
        double loss;
        long correct;
        long seen;
        int batches;
    }
}
