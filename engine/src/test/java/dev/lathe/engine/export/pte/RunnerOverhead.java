package dev.lathe.engine.export.pte;

import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.SessionOptions;
import dev.lathe.engine.runtime.TimingPlan;
import dev.lathe.engine.runtime.executorch.RunnerBinary;
import dev.lathe.engine.task.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What Lathe's ExecuTorch runner adds to a run (docs/PERFORMANCE.md): on the same {@code .pte} and input, rounds
 * that alternate ExecuTorch's own raw loop ({@code et_bench --iters N}, Module API, its clock around execute) with a
 * Lathe benchmark through the runner (its clock around execute, one request per run over the pipe), both with
 * ExecuTorch's default thread pool. Prints each round's medians and the ratio of the medians of those. Run with
 * {@code mvn -q -B -ntp -o -pl engine test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.lathe.engine.export.pte.RunnerOverhead}
 * ({@code -Dexec.args="ITERATIONS ROUNDS"}, default 2000 and 5), or with java and the test class path.
 */
public final class RunnerOverhead {
    private RunnerOverhead() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        ExecuTorchRuntime et = ExecuTorchRuntime.require();
        RunnerBinary runner = RunnerBinary.find().orElseThrow(() -> new IllegalStateException("no "
                + RunnerBinary.NAME + ": build the engine module first (" + RunnerBinary.README + ")"));
        Path dir = Files.createTempDirectory("runner-overhead");
        float[] image = FashionImages.first(1);
        Path input = ExecuTorchRuntime.floats(dir.resolve("image.bin"), image);
        System.out.printf(Locale.ROOT, "CPU: %s; runner %s; %d iterations per round, %d rounds%n",
                cpu(), runner.file(), iterations, rounds);
        for (Path pte : new Path[] {RunnablePrograms.fp32(dir), RunnablePrograms.int8(dir)}) {
            double[] raw = new double[rounds];
            double[] lathe = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                raw[r] = et.medianMs(pte, input, iterations);
                lathe[r] = runnerMedianMs(runner, pte, image, iterations);
                System.out.printf(Locale.ROOT, "%s round %d: et_bench median %.4f ms, Lathe runner p50 %.4f ms "
                        + "(%+.2f %%)%n", pte.getFileName(), r + 1, raw[r], lathe[r], 100 * (lathe[r] / raw[r] - 1));
            }
            double a = median(raw);
            double b = median(lathe);
            System.out.printf(Locale.ROOT, "%s: et_bench %.4f ms, Lathe runner %.4f ms, overhead %+.2f %% (medians of "
                    + "the round medians)%n", pte.getFileName(), a, b, 100 * (b / a - 1));
        }
    }

    private static double runnerMedianMs(RunnerBinary runner, Path pte, float[] image, int iterations)
            throws Exception {
        var runtime = new dev.lathe.engine.runtime.executorch.ExecuTorchRuntime(runner, "the benchmark is fine");
        try (InferenceSession session = runtime.open(pte, pte.getFileName().toString(), Optional.empty(),
                SessionOptions.DEFAULT.withThreads(0))) {
            long[] samples = session.time(new FloatTensor(image, new long[] {1, 1, 28, 28}),
                    new TimingPlan(10, iterations, 0), (i, n) -> { }, Progress.NONE).samplesNanos();
            return median(Arrays.stream(samples).mapToDouble(n -> n / 1e6).toArray());
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String cpu() throws Exception {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores";
    }
}
