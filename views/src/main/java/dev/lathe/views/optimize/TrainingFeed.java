package dev.lathe.views.optimize;

import dev.lathe.engine.TrainingListener;
import dev.lathe.views.chart.TrainingPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One training run's figures on their way from the training thread to the screen. The trainer calls in after every
 * batch; the FX thread {@link #drain drains} a few times a second, so the chart redraws at its own pace however fast
 * batches come, and the training thread never waits for the screen.
 */
final class TrainingFeed implements TrainingListener {
    private final Queue<TrainingPoint> points = new ConcurrentLinkedQueue<>();
    private final int epochs;
    private volatile String status = "";
    // Touched by the training thread only. The clock starts at the first batch: before it, PyTorch starting and the
    // dataset loading would make every later estimate too long.
    private long firstBatchNanos;
    private double lossSum;
    private double correctSum;

    /** @param epochs how many epochs the run trains for, for "epoch 2 of 3" and the ETA */
    TrainingFeed(int epochs) {
        this.epochs = epochs;
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
        points.add(new TrainingPoint(epoch - 1 + (double) batchInEpoch / batchesPerEpoch, meanLoss,
                correctSum / batchInEpoch));
        long left = (long) batchesPerEpoch * epochs - step;
        String line = String.format(Locale.ROOT, "epoch %d of %d, loss %.2f", epoch, epochs, meanLoss);
        if (left == 0) {
            status = "";  // the run goes on (writing, evaluating): its own status says how far
        } else if (step == 1) {
            firstBatchNanos = System.nanoTime();
            status = line;
        } else {
            long perBatch = (System.nanoTime() - firstBatchNanos) / (step - 1);
            status = line + ", ETA " + duration(perBatch * left / 1_000_000_000L);
        }
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
     * "epoch 2 of 3, loss 0.41, ETA 1 min 20 s", without the ETA after one batch; empty before the first batch and
     * after the last.
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
