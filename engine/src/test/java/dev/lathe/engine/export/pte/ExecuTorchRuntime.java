package dev.lathe.engine.export.pte;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.Samples;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The real ExecuTorch runtime: {@code $EXECUTORCH_HOME}, else {@code ../shared/executorch} beside the repository.
 * Absent, tests are skipped with the reason printed, except under CI ({@code CI=true}), where absence fails.
 */
final class ExecuTorchRuntime {
    private static final Pattern MEDIAN = Pattern.compile("median ([0-9.]+) ms");
    private static final Pattern ITERATION = Pattern.compile("Iteration \\d+ of \\d+: ([0-9.]+) ms");
    private final Path home;

    private ExecuTorchRuntime(Path home) {
        this.home = home;
    }

    static ExecuTorchRuntime require() {
        Optional<Path> home = locate();
        if (home.isEmpty()) {
            String reason = "ExecuTorch runtime not found: set EXECUTORCH_HOME or put it at ../shared/executorch "
                    + "beside the repository (" + repoRoot() + ")";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(reason + "; under CI=true it is required");
            }
            System.out.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        return new ExecuTorchRuntime(home.get());
    }

    private static Optional<Path> locate() {
        String env = System.getenv("EXECUTORCH_HOME");
        List<Path> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        candidates.add(repoRoot().resolve("../shared/executorch").normalize());
        return candidates.stream().filter(p -> Files.isExecutable(p.resolve("bin/et_bench"))).findFirst();
    }

    static Path repoRoot() {
        return Samples.root().getParent().getParent();
    }

    Path home() {
        return home;
    }

    /** Loads with the FlatBuffers verifier and program validation on, runs once; returns et_bench's output. */
    String verify(Path pte, Path... inputs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/et_bench").toString(), pte.toString(),
                "--verify", "1", "--iters", "1", "--warmup", "0"));
        for (Path input : inputs) {
            command.add("--input");
            command.add(input.toString());
        }
        return run(command, pte.getParent());
    }

    /** The median latency in ms of {@code iters} runs on one thread (portable kernels are single-threaded). */
    double medianMs(Path pte, Path input, int iters) throws IOException, InterruptedException {
        String out = run(List.of(home.resolve("bin/et_bench").toString(), pte.toString(), "--iters",
                Integer.toString(iters), "--warmup", "10", "--input", input.toString()), pte.getParent());
        Matcher m = MEDIAN.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /**
     * Sorted latencies in ms of {@code runs} executions on one thread ({@code executor_runner --cpu_threads=1}, which
     * also runs XNNPACK without its thread pool), after discarding the first {@code warmup}; inputs are re-prepared
     * between runs outside the timed call, as executor_runner does.
     */
    double[] latenciesMs(Path pte, Path input, int warmup, int runs) throws IOException, InterruptedException {
        String out = run(List.of(home.resolve("bin/executor_runner").toString(), "--model_path=" + pte,
                "--inputs=" + input, "--cpu_threads=1", "--num_executions=" + (warmup + runs), "--print_output=none",
                "--etdump_path=/dev/null"), pte.getParent());
        Matcher m = ITERATION.matcher(out);
        List<Double> all = new ArrayList<>();
        while (m.find()) {
            all.add(Double.parseDouble(m.group(1)));
        }
        assertThat(all).as(out).hasSize(warmup + runs);
        return all.subList(warmup, all.size()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** Runs the method once through executor_runner and returns output 0's raw floats, bit for bit. */
    float[] output(Path pte, Path... inputs) throws IOException, InterruptedException {
        Path base = Files.createTempFile(pte.getParent(), "out", "");
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/executor_runner").toString(),
                "--model_path=" + pte, "--print_output=none", "--etdump_path=/dev/null",
                "--output_file=" + base));
        if (inputs.length > 0) {
            command.add("--inputs=" + String.join(",", java.util.Arrays.stream(inputs).map(Path::toString).toList()));
        }
        run(command, pte.getParent());
        byte[] raw = Files.readAllBytes(Path.of(base + "-0.bin"));
        float[] values = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static String run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s\n%s", String.join(" ", command), text).isZero();
        return text;
    }

    static Path floats(Path file, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return Files.write(file, b.array());
    }
}
