package dev.lathe.engine.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.CrashingModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The models the containment tests feed Lathe really do crash a JVM that loads them the old way, into itself: were
 * they harmless, the containment tests would pass without containment.
 */
class CrashingModelsTest {
    private static final int SIGFPE_EXIT = 128 + 8;
    private static final int SIGABRT_EXIT = 128 + 6;

    @TempDir
    Path dir;

    @Test
    void aConvWithZeroStridesCrashesAJvmThatLoadsItInProcess() throws Exception {
        assertCrashes(CrashingModels.convWithZeroStrides(dir), "SIGFPE");
    }

    @Test
    void anIntegerDivisionByZeroBetweenConstantsCrashesAJvmWhileItLoads() throws Exception {
        Unprotected run = unprotected(CrashingModels.divisionByZeroWhileLoading(dir));
        assertThat(run.output()).doesNotContain("loaded");
        assertCrashes(run, "SIGFPE");
    }

    @Test
    void anIntegerDivisionByZeroOfTheInputCrashesAJvmAtItsFirstRun() throws Exception {
        Unprotected run = unprotected(CrashingModels.divisionByZeroWhileRunning(dir));
        assertThat(run.output()).contains("loaded").doesNotContain("ran");
        assertCrashes(run, "SIGFPE");
    }

    @Test
    void theSampleModelLoadsAndRunsTheSameWay() throws Exception {
        Unprotected run = unprotected(Samples.cnn());
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("ran");
    }

    private void assertCrashes(Path model, String signal) throws Exception {
        assertCrashes(unprotected(model), signal);
    }

    private static void assertCrashes(Unprotected run, String signal) throws IOException {
        assertThat(run.exit()).as(run.output()).isIn(SIGFPE_EXIT, SIGABRT_EXIT);
        assertThat(run.crashReport()).as("the JVM's crash report").isNotNull();
        assertThat(Files.readString(run.crashReport(), StandardCharsets.ISO_8859_1))
                .contains(signal).contains("libonnxruntime");
    }

    record Unprotected(int exit, String output, Path crashReport) {
    }

    /** Runs {@link UnprotectedLoad} on {@code model} in a JVM of its own, whose crash report goes to a temp folder. */
    private Unprotected unprotected(Path model) throws Exception {
        Path logs = Files.createTempDirectory(dir, "logs");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, WorkerSpec.errorFileOption(logs), "-XX:+DisplayVMOutputToStderr",
                "-cp", System.getProperty("java.class.path"), UnprotectedLoad.class.getName(),
                Samples.cacheDir().toString(), model.toString()))
                .directory(logs.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        try (var files = Files.list(logs)) {
            Path report = files.filter(f -> f.getFileName().toString().startsWith("hs_err")).findFirst().orElse(null);
            return new Unprotected(p.exitValue(), output, report);
        }
    }
}
