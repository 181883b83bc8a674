package dev.lathe.engine.eval;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.DatasetException;
import dev.lathe.engine.data.Preprocessing;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import java.util.ArrayList;
import java.util.List;

/** Runs a classifier over a dataset in batches and counts what it gets right. Honours thread interruption. */
public final class Evaluator {

    public EvaluationResult evaluate(InferenceSession session, String modelName, Dataset data, Preprocessing pre,
                                     int batch, int limit, Progress progress)
            throws DatasetException, InferenceException, CancelledException {
        int n = limit > 0 ? Math.min(limit, data.size()) : data.size();
        int classes = data.classNames().size();
        Tally tally = new Tally(classes);
        long start = System.nanoTime();
        int per = pre.size();
        for (int from = 0; from < n; from += batch) {
            CancelledException.checkpoint("Evaluation of " + modelName);
            int size = Math.min(batch, n - from);
            float[] input = new float[size * per];
            int[] labels = new int[size];
            for (int i = 0; i < size; i++) {
                pre.apply(data.sample(from + i), input, i * per);
                labels[i] = data.label(from + i);
            }
            FloatTensor out = session.run(new FloatTensor(input, pre.batchShape(size)));
            checkOutput(modelName, out, size, classes, data);
            tally.add(out, labels);
            progress.report(from + size, n, "Evaluated " + (from + size) + " of " + n);
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        return tally.result(data.classNames(), pre.describe(), session.runtime(), elapsed);
    }

    private static void checkOutput(String modelName, FloatTensor out, int batch, int classes, Dataset data)
            throws DatasetException {
        if (out.rows() != batch || out.rowLength() < classes) {
            throw new DatasetException(modelName + ": gives " + out.rowLength() + " scores per example, but "
                    + data.name() + " has " + classes + " classes; choose the dataset the model was trained for");
        }
    }

    /** Counts hits per class and the confusion matrix as batches arrive. */
    private static final class Tally {
        private final int[][] confusion;
        private int samples;
        private int top1;
        private int top5;

        Tally(int classes) {
            confusion = new int[classes][classes];
        }

        void add(FloatTensor out, int[] labels) {
            int k = out.rowLength();
            float[] scores = out.data();
            for (int i = 0; i < labels.length; i++) {
                int offset = i * k;
                float truth = scores[offset + labels[i]];
                int predicted = 0;
                int higher = 0;
                for (int c = 0; c < k; c++) {
                    float s = scores[offset + c];
                    if (s > scores[offset + predicted]) {
                        predicted = c;
                    }
                    if (s > truth) {
                        higher++;
                    }
                }
                samples++;
                top1 += predicted == labels[i] ? 1 : 0;
                top5 += higher < 5 ? 1 : 0;
                if (predicted < confusion.length) {
                    confusion[labels[i]][predicted]++;
                }
            }
        }

        EvaluationResult result(List<String> classNames, String preprocessing, String runtime, long elapsedMillis) {
            List<Double> perClass = new ArrayList<>();
            for (int c = 0; c < confusion.length; c++) {
                int total = 0;
                for (int v : confusion[c]) {
                    total += v;
                }
                perClass.add(total == 0 ? Double.NaN : (double) confusion[c][c] / total);
            }
            java.util.Optional<Double> top5Rate = classNames.size() > 5 && samples > 0
                    ? java.util.Optional.of((double) top5 / samples) : java.util.Optional.empty();
            return new EvaluationResult(samples, samples == 0 ? 0 : (double) top1 / samples, top5Rate, classNames,
                    perClass, confusion, preprocessing, runtime, elapsedMillis);
        }
    }
}
