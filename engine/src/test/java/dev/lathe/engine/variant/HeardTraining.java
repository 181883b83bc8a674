package dev.lathe.engine.variant;

import dev.lathe.engine.train.TrainingListener;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a recipe run told its training listener, one line per call, batches counted rather than listed. */
final class HeardTraining implements TrainingListener {
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private int batches;

    @Override
    public void recipeStep(int index, int count, String kind) {
        heard.add("step " + index + "/" + count + " " + kind);
    }

    @Override
    public void cut(int cut, int cuts, double sparsity) {
        heard.add(String.format(Locale.ROOT, "cut %d/%d %.2f", cut, cuts, sparsity));
    }

    @Override
    public void started(int epochs, int batchesPerEpoch) {
        heard.add("started " + epochs + "x" + batchesPerEpoch);
    }

    @Override
    public void batch(int step, int epoch, int batchInEpoch, int batchesPerEpoch, double loss, double accuracy) {
        batches++;
    }

    @Override
    public void epoch(int epoch, double meanLoss, double accuracy, long millis) {
        heard.add("epoch " + epoch);
    }

    List<String> heard() {
        return heard;
    }

    int batches() {
        return batches;
    }
}
