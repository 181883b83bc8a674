package dev.lathe.views.optimize;

import dev.lathe.engine.train.TrainingListener;
import dev.lathe.engine.recipe.Recipe;
import dev.lathe.views.chart.TrainingPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One recipe run's training figures on their way from the training thread to the screen. The engine calls in as each
 * step begins, at each cut of a gradual prune, as each training begins and after every batch; the FX thread
 * {@link #drain drains} a few times a second, so the chart redraws at its own pace however fast batches come, and
 * the training thread never waits for the screen.
 *
 * <p>A run may train several times: each cut of a prune fine-tunes, and a recipe may prune, then finetune, then
 * distill. Points count epochs on across them, each labelled with the training it belongs to, and the status says
 * which step and cut trains, with the time left in that step: a prune's cuts train alike, so the first ones time the
 * rest.
 */
final class TrainingFeed implements TrainingListener {
    private final Queue<TrainingPoint> points = new ConcurrentLinkedQueue<>();
    private final Optional<Recipe> recipe;
    private volatile String status = "";
    // Touched by the training thread only.
    private int stepIndex = 1;
    private int stepCount = 1;
    private String kind = "finetune";
    private int cut;
    private int cuts;
    private double sparsity;
    private int epochs = 1;
    private double offset;
    private double nextOffset;
    private String phase = "";
    // The clock starts at the step's first batch: before it, PyTorch starting and the dataset loading would make
    // every later estimate too long. Between a prune's cuts it keeps running, so the time the cuts themselves take
    // is in the estimate too.
    private long stepStartNanos;
    private int stepBatches;
    private double lossSum;
    private double correctSum;

    /** A feed that knows nothing of the recipe but what the engine tells it. */
    TrainingFeed() {
        this.recipe = Optional.empty();
    }

    /** @param recipe the recipe that runs, so the status can say when the time left is only its step's */
    TrainingFeed(Recipe recipe) {
        this.recipe = Optional.of(recipe);
    }

    @Override
    public void recipeStep(int index, int count, String stepKind) {
        stepIndex = index;
        stepCount = count;
        kind = stepKind;
        cut = 0;
        cuts = 0;
        stepBatches = 0;
    }

    @Override
    public void cut(int number, int total, double reached) {
        cut = number;
        cuts = total;
        sparsity = reached;
    }

    @Override
    public void started(int trainingEpochs, int batchesPerEpoch) {
        offset = nextOffset;
        nextOffset = offset + trainingEpochs;
        epochs = trainingEpochs;
        phase = phase();
    }

    /** The chart's mark for the training now starting; nothing for a run that trains once. */
    private String phase() {
        String step = stepCount > 1 ? "step " + stepIndex + ": " : "";
        if (cuts > 0) {
            return (cut == 1 ? step + kind + " " : "") + "cut " + cut + "/" + cuts;
        }
        return stepCount > 1 || !kind.equals("finetune") ? step + kind : "";
    }

    @Override
    public void batch(int step, int epoch, int batchInEpoch, int batchesPerEpoch, double loss, double accuracy) {
        if (batchInEpoch == 1) {
            lossSum = 0;
            correctSum = 0;
        }
        lossSum += loss;
        correctSum += accuracy;
        double meanLoss = lossSum / batchInEpoch;
        points.add(new TrainingPoint(offset + epoch - 1 + (double) batchInEpoch / batchesPerEpoch, meanLoss,
                correctSum / batchInEpoch, phase));
        stepBatches++;
        long perTraining = (long) batchesPerEpoch * epochs;
        long left = perTraining - step + (cuts > 0 ? (long) (cuts - cut) * perTraining : 0);
        String line = String.format(Locale.ROOT, "%s, loss %.2f", what(epoch), meanLoss);
        if (left <= 0) {
            status = "";  // the run goes on (writing, evaluating): its own status says how far
        } else if (stepBatches == 1) {
            stepStartNanos = System.nanoTime();
            status = line;
        } else {
            long perBatch = (System.nanoTime() - stepStartNanos) / (stepBatches - 1);
            status = line + ", ETA " + duration(perBatch * left / 1_000_000_000L) + (moreTrainingLater()
                    ? " for this step" : "");
        }
    }

    /** "epoch 2 of 3", "step 1 of 3, prune cut 2 of 10 (sparsity 42 %)", "distill epoch 1 of 5". */
    private String what(int epoch) {
        String step = stepCount > 1 ? "step " + stepIndex + " of " + stepCount + ", " : "";
        if (cuts > 0) {
            return step + String.format(Locale.ROOT, "%s cut %d of %d (sparsity %.0f %%)", kind, cut, cuts,
                    100 * sparsity) + (epochs > 1 ? ", epoch " + epoch + " of " + epochs : "");
        }
        String named = stepCount > 1 || !kind.equals("finetune") ? kind + " " : "";
        return step + named + "epoch " + epoch + " of " + epochs;
    }

    private boolean moreTrainingLater() {
        return recipe.map(r -> r.steps().stream().skip(stepIndex).anyMatch(s -> s.trains())).orElse(false);
    }

    /** The points measured since the last drain, oldest first. Call on the FX thread. */
    List<TrainingPoint> drain() {
        List<TrainingPoint> out = new ArrayList<>();
        for (TrainingPoint p = points.poll(); p != null; p = points.poll()) {
            out.add(p);
        }
        return out;
    }

    /**
     * "epoch 2 of 3, loss 0.41, ETA 1 min 20 s", or with the step and cut that train
     * ("step 1 of 2, prune cut 3 of 10 (sparsity 42 %), loss 0.41, ETA 2 min 5 s for this step"); without the ETA
     * after one batch; empty before the first batch and after a step's last.
     */
    String status() {
        return status;
    }

    /** "45 s", "1 min 20 s", "2 h 5 min": precise enough for an estimate, short enough for a status line. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
