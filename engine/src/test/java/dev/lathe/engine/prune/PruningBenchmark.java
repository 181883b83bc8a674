package dev.lathe.engine.prune;

import ai.djl.ndarray.NDManager;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkHarness;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.device.LocalDevice;
import dev.lathe.engine.eval.Evaluator;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import dev.lathe.engine.train.FineTuneConfig;
import dev.lathe.engine.train.FineTuner;
import dev.lathe.engine.train.GraphBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The two pruning targets on the sample CNN with the full Fashion-MNIST training set: channel 50 % (gradual over
 * 3 steps of 20 000 images, then two recovery epochs at falling rates, as `finetune` steps after `prune` would do)
 * and unstructured 80 % (global, gradual cubic over 10 steps of 6 000 images). Top-1 on all 10 000 test images and batch-1 latency in ONNX Runtime on one thread,
 * parent and variants timed in alternating rounds. Run with
 * {@code mvn -q -B -ntp -o -pl engine test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.lathe.engine.prune.PruningBenchmark} ({@code -Dexec.args=0.1} scales every training budget
 * down for a quick smoke run; {@code -Dexec.args="1 channel"} runs one of the two).
 */
public final class PruningBenchmark {
    private static final int ROUNDS = 6;
    private static final BenchConfig BENCH = new BenchConfig(50, 300, 0, 1, 1, Optional.empty());
    private static final Runtimes RUNTIMES = Samples.runtimes();

    private record Row(String name, Path file, PruneReport report, double trainSeconds) {
    }

    public static void main(String[] args) throws Exception {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        PruneFixtures.start();
        Path dir = Files.createTempDirectory("lathe-prune-bench");
        OnnxModel cnn = OnnxModel.read(Samples.cnn());
        Dataset train = PruneFixtures.train();
        Pruner pruner = new Pruner(PruneFixtures.PYTORCH);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("parent", Samples.cnn(), null, 0));

        String only = args.length > 1 ? args[1] : "";
        if (!only.equals("unstructured")) {
            long t0 = System.nanoTime();
            PruneSpec channel = new PruneSpec(PruneSpec.Method.L1, PruneSpec.Structure.CHANNEL, 0.5,
                    PruneSpec.Scope.PER_LAYER, PruneSchedule.gradual(0.1, 3), List.of());
            PruneResult c = pruner.prune(cnn, channel, train, PruneFixtures.FASHION, adam(1e-3, 20_000 * scale),
                    printer("channel"));
            OnnxModel recovered = recover(c.model(), adam(3e-4, 60_000 * scale));
            recovered = recover(recovered, adam(3e-5, 60_000 * scale));
            rows.add(new Row("channel 50%", write(recovered, dir.resolve("cnn-channel50.onnx")), c.report(),
                    seconds(t0)));
        }
        if (!only.equals("channel")) {
            long t0 = System.nanoTime();
            PruneSpec unstructured = new PruneSpec(PruneSpec.Method.L1, PruneSpec.Structure.UNSTRUCTURED, 0.8,
                    PruneSpec.Scope.GLOBAL, PruneSchedule.gradual(0.05, 10), List.of());
            PruneResult u = pruner.prune(cnn, unstructured, train, PruneFixtures.FASHION,
                    adam(3e-4, 6_000 * scale), printer("unstructured"));
            rows.add(new Row("unstructured 80%", write(u.model(), dir.resolve("cnn-unstructured80.onnx")),
                    u.report(), seconds(t0)));
        }

        LatencyStats[] latency = latency(rows.stream().map(Row::file).toList());
        System.out.printf("%n%-17s %9s %9s %10s %10s %8s %9s %9s %8s %9s%n", "model", "params", "non-zero",
                "file B", "gzip B", "top-1", "p50 ms", "p99 ms", "p50 x", "train s");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            ModelSize size = ModelSize.of(OnnxModel.read(r.file()));
            System.out.printf("%-17s %9d %9d %10d %10d %7.2f%% %9.3f %9.3f %8.2f %9.0f%n", r.name(),
                    size.params(), size.nonZero(), size.bytes(), size.gzip(), 100 * top1(r.file()),
                    latency[i].p50Ms(), latency[i].p99Ms(), latency[i].p50Ms() / latency[0].p50Ms(),
                    r.trainSeconds());
        }
        for (Row r : rows.subList(1, rows.size())) {
            System.out.printf("%n%s: %s%nwarnings %s; %s%n", r.name(), r.report().layers(), r.report().warnings(),
                    r.report().speed());
        }
    }

    private static FineTuneConfig adam(double rate, double limit) {
        return new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, rate, 64, 1, 1, (int) limit);
    }

    /** One more epoch at a lower rate: what a `finetune` recipe step after `prune` does. */
    private static OnnxModel recover(OnnxModel model, FineTuneConfig config) throws LatheException {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            GraphBlock block = GraphBlock.of("cnn-channel50", model, manager);
            new FineTuner(PruneFixtures.PYTORCH).fineTune("cnn-channel50", block, PruneFixtures.train(),
                    PruneFixtures.FASHION, config, printer("recovery"));
            return block.toOnnx();
        }
    }

    private static Progress printer(String what) {
        long[] last = {-1};
        return (done, total, message) -> {
            long tenth = total > 0 ? done * 10 / total : -1;
            if (tenth != last[0]) {
                last[0] = tenth;
                System.out.printf("%s: %s%n", what, message);
            }
        };
    }

    private static Path write(OnnxModel model, Path file) throws Exception {
        model.write(file);
        return file;
    }

    private static double top1(Path model) throws LatheException {
        try (InferenceSession session = RUNTIMES.open(model, ModelFormat.ONNX, Optional.empty(),
                SessionOptions.DEFAULT.withThreads(2))) {
            return new Evaluator().evaluate(session, model.getFileName().toString(), PruneFixtures.test(),
                    PruneFixtures.FASHION, 100, 0, Progress.NONE).top1();
        }
    }

    /** Batch-1 latency on one thread, the models taking turns each round so load drift hits them all alike. */
    private static LatencyStats[] latency(List<Path> models) throws LatheException {
        DeviceFingerprint device = new LocalDevice(RUNTIMES).describe();
        List<InferenceSession> sessions = new ArrayList<>();
        long[][] samples = new long[models.size()][0];
        try {
            for (Path m : models) {
                sessions.add(RUNTIMES.open(m, ModelFormat.ONNX, Optional.empty(), new SessionOptions(1,
                        SessionOptions.OptimizationLevel.ALL)));
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < sessions.size(); i++) {
                    long[] more = new BenchmarkHarness().run(sessions.get(i), 0, new long[] {1, 1, 28, 28}, BENCH,
                            device, SampleListener.NONE, Progress.NONE).samplesNanos();
                    long[] all = Arrays.copyOf(samples[i], samples[i].length + more.length);
                    System.arraycopy(more, 0, all, samples[i].length, more.length);
                    samples[i] = all;
                }
            }
        } finally {
            for (InferenceSession s : sessions) {
                s.close();
            }
        }
        return Arrays.stream(samples).map(LatencyStats::of).toArray(LatencyStats[]::new);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
