package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.app.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real entry point in its own JVM: exit codes and what reaches the terminal. */
class LauncherProcessTest {
    @TempDir
    Path tmp;

    @Test
    void helpListsTheCommandsAndExitsZero() throws Exception {
        Result r = launch("--help");
        assertThat(r.code).isZero();
        assertThat(r.out).contains("inspect", "eval", "bench");
    }

    @Test
    void aMissingModelIsOneClearLineAndExitCodeTwo() throws Exception {
        Result r = launch("inspect", tmp.resolve("nope.onnx").toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err.strip()).isEqualTo("lathe: nope.onnx: does not exist");
    }

    private Result launch(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Dlathe.home=" + tmp,
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err);
    }

    private record Result(int code, String out, String err) {
    }
}
