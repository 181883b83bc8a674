package dev.lathe.engine.variant;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.DatasetException;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.data.Preprocessing;
import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.train.TrainingData;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Opens a training set for a recipe run and refuses, before any work, one that cannot train the model: examples
 * that do not fit its input, or labels that are not its classes. Examples are preprocessed exactly as evaluation
 * preprocesses them, so a model learns from what it is measured on.
 */
final class TrainingSets {
    private TrainingSets() {
    }

    static TrainingData open(ModelRecord model, Path dataset, Progress progress)
            throws DatasetException, CancelledException {
        progress.report(0, -1, "Reading the training set " + dataset.getFileName());
        Dataset data = Datasets.open(dataset);
        if (data.size() == 0) {
            throw new DatasetException(dataset, "holds no examples to train on");
        }
        Preprocessing pre = CalibrationSets.preprocessing(model.name(), model.summary().inputs().get(0),
                model.inputShape(), data);
        checkClasses(model, data);
        CancelledException.checkpoint("Reading the training set");
        return new TrainingData(data, pre, data.sha256());
    }

    /**
     * A classifier trains on labels 0 to n-1 for its n outputs. A set with other classes would teach the wrong meaning
     * to each output (or none at all), so it is refused rather than trained on. Unknown output widths are left to the
     * trainer, which checks every batch.
     */
    private static void checkClasses(ModelRecord model, Dataset data) throws DatasetException {
        Optional<Long> outputs = outputs(model.summary().outputs().get(0));
        int classes = data.classNames().size();
        if (outputs.isPresent() && outputs.get() != classes) {
            throw new DatasetException(data.name() + ": labels run 0–" + (classes - 1) + " but " + model.name()
                    + " has " + outputs.get() + " outputs; give a training set with the model's classes");
        }
    }

    private static Optional<Long> outputs(TensorInfo output) {
        List<Dim> shape = output.shape();
        return output.hasShape() && !shape.isEmpty() ? shape.get(shape.size() - 1).fixedSize() : Optional.empty();
    }
}
