package dev.lathe.engine.runtime.worker;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import dev.lathe.engine.runtime.TimingPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the model worker costs, for ADR 0008: the first model's load (worker start included) against an in-process
 * load, one {@code run} through the worker against one in-process, and a timed benchmark's median either way. Run with
 * the engine's test class path: {@code java -cp … dev.lathe.engine.runtime.worker.WorkerCost [ROUNDS]}; each round
 * starts a fresh worker; the in-process figures are taken before the first round and after the last.
 */
public final class WorkerCost {
    private static final int RUNS = 2000;

    private WorkerCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path cnn = Samples.cnn();
        Path logs = Files.createTempDirectory("worker-cost");
        FloatTensor input = new FloatTensor(new float[28 * 28], new long[] {1, 1, 28, 28});
        Runtimes here = Runtimes.inProcess(Samples.cacheDir());
        long t0 = System.nanoTime();
        try (InferenceSession s = here.open(cnn, ModelFormat.ONNX, Optional.empty(), SessionOptions.DEFAULT)) {
            System.out.printf("in-process first load (natives included): %.1f ms%n", (System.nanoTime() - t0) / 1e6);
            report("in-process", s, input);
        }
        for (int round = 0; round < rounds; round++) {
            try (ModelWorker worker = new ModelWorker(new WorkerSpec(Samples.cacheDir(), logs, "fine"))) {
                Runtimes there = worker.runtimes();
                long w0 = System.nanoTime();
                try (InferenceSession s = there.open(cnn, ModelFormat.ONNX, Optional.empty(), SessionOptions.DEFAULT)) {
                    System.out.printf("worker round %d: first load (worker start included) %.1f ms, load in worker "
                            + "%.1f ms%n", round + 1, (System.nanoTime() - w0) / 1e6, s.loadMillis().orElse(-1));
                    long w1 = System.nanoTime();
                    there.open(cnn, ModelFormat.ONNX, Optional.empty(), SessionOptions.DEFAULT).close();
                    System.out.printf("worker round %d: second load (worker running) %.1f ms%n", round + 1,
                            (System.nanoTime() - w1) / 1e6);
                    report("worker", s, input);
                }
            }
        }
        // Again at the end, so that a drift in the machine's load shows against the worker's figures.
        try (InferenceSession s = here.open(cnn, ModelFormat.ONNX, Optional.empty(), SessionOptions.DEFAULT)) {
            report("in-process again", s, input);
        }
    }

    private static void report(String where, InferenceSession s, FloatTensor input) throws Exception {
        long[] calls = new long[RUNS];
        for (int i = 0; i < 200; i++) {
            s.run(input);
        }
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            s.run(input);
            calls[i] = System.nanoTime() - t;
        }
        long[] timed = s.time(input, new TimingPlan(200, RUNS, 0), (i, n) -> { }, Progress.NONE).samplesNanos();
        System.out.printf("%s: run() called from here p50 %.1f µs; benchmark timing p50 %.1f µs (%d runs each)%n",
                where, median(calls) / 1e3, median(timed) / 1e3, RUNS);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
