package dev.lathe.engine.prune;

import ai.djl.nn.Block;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.train.TrainingListener;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Preprocessing;
import dev.lathe.engine.train.EpochResult;
import dev.lathe.engine.train.FineTuneConfig;
import dev.lathe.engine.train.FineTuner;
import dev.lathe.engine.train.ParameterConstraint;
import java.util.List;
import java.util.Locale;

/**
 * The fine-tuning between pruning steps. With an example limit, step k trains on the k-th window of the dataset
 * (wrapping around), so a gradual schedule sees different examples at each step; each step's shuffle is seeded
 * from the config's seed and the step number, so the whole run stays reproducible. The listener hears each cut
 * before its fine-tuning, then that fine-tuning's batches (through the tuner, which was made with it).
 */
record StepTraining(FineTuner tuner, Dataset data, Preprocessing pre, FineTuneConfig config,
                    TrainingListener listener) {

    List<EpochResult> run(String modelName, Block block, int step, int steps, double sparsity,
                          ParameterConstraint constraint, Progress progress) throws LatheException {
        int size = config.limit() > 0 ? Math.min(config.limit(), data.size()) : data.size();
        Dataset window = new DatasetWindow(data, (int) ((long) step * size % data.size()), size);
        FineTuneConfig stepConfig = new FineTuneConfig(config.optimizer(), config.learningRate(), config.batchSize(),
                config.epochs(), config.seed() + step, 0);
        listener.cut(step + 1, steps, sparsity);
        String prefix = String.format(Locale.ROOT, "Pruning step %d of %d (sparsity %.1f%%): ", step + 1, steps,
                100 * sparsity);
        return tuner.fineTune(modelName, block, window, pre, stepConfig, constraint, (done, total, message) ->
                progress.report(step * total + done, steps * total, prefix + message));
    }
}
