package dev.lathe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File › Quit ends the desktop app and this computer's runner within two seconds, whatever threads libraries keep. */
class QuitTest {
    @TempDir
    Path tmp;

    @Test
    void quitEndsTheAppAndItsRunnerWithinTwoSeconds() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dlathe.home=" + tmp, "-Dai.djl.offline=true"));
        for (String p : List.of("glass.platform", "monocle.platform", "headless.geometry", "prism.order",
                "java.awt.headless", "testfx.headless")) {
            Optional.ofNullable(System.getProperty(p)).ifPresent(v -> command.add("-D" + p + "=" + v));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), QuitProbe.class.getName()));
        Path log = tmp.resolve("probe-stderr.txt");
        Process app = new ProcessBuilder(command).redirectError(log.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
            String[] lines = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String[] {out.readLine(), out.readLine()};
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(8, TimeUnit.MINUTES);
            String runnerLine = lines[0];
            String quitting = lines[1];
            long quitAt = System.nanoTime();
            assertThat(runnerLine).as("the probe saw the runner start; its stderr: %s", java.nio.file.Files.exists(log)
                    ? java.nio.file.Files.readString(log) : "").startsWith("runner ").doesNotEndWith("none");
            assertThat(quitting).isEqualTo("quitting");
            List<ProcessHandle> runners = Arrays.stream(runnerLine.substring("runner ".length()).split(","))
                    .map(Long::parseLong).flatMap(pid -> ProcessHandle.of(pid).stream()).toList();

            assertThat(app.waitFor(2, TimeUnit.SECONDS)).as("the app ended within 2 s of Quit").isTrue();
            long appMs = (System.nanoTime() - quitAt) / 1_000_000;
            for (ProcessHandle runner : runners) {
                runner.onExit().get(Math.max(1, 2000 - (System.nanoTime() - quitAt) / 1_000_000),
                        TimeUnit.MILLISECONDS);
            }
            System.out.printf("Quit: the app ended %d ms after Quit, its runner %d ms after%n", appMs,
                    (System.nanoTime() - quitAt) / 1_000_000);
            assertThat(runners).noneMatch(ProcessHandle::isAlive);
        } finally {
            app.descendants().forEach(ProcessHandle::destroyForcibly);
            app.destroyForcibly();
        }
    }
}
