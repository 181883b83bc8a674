package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.app.Main;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
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

    @Test
    void onnxRuntimesOwnLogLinesGoToTheNativeLogNotTheTerminal() throws Exception {
        // Declares an output of 1x5 that computes 1x3: ONNX Runtime warns, in colour, on every session it opens.
        Path model = tmp.resolve("badshape.onnx");
        new OnnxGraphBuilder("g").input("x", ElementType.FLOAT, List.of(1, 4)).output("y", ElementType.FLOAT, List.of(1, 5))
                .initializer("w", new float[12], 4, 3).node("MatMul", List.of("x", "w"), List.of("y"), "mm").write(model);

        Result r = launch("fidelity", model.toString(), model.toString(), "--samples", "2");

        assertThat(r.code).as(r.err).isZero();
        assertThat(r.err).isEmpty();
        assertThat(r.out).startsWith("badshape.onnx against badshape.onnx on 2 examples");
        assertThat(tmp.resolve("data/logs/native.log")).content().contains("MergeShapeInfo");
    }

    @Test
    void aMistakeInTheOptionsIsOneLineFromTheRealEntryPoint() throws Exception {
        Result r = launch("bench", tmp.resolve("m.onnx").toString(), "--warmup", "abc");

        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).isEqualTo("lathe: Invalid value for option '--warmup': 'abc' is not an int; see lathe bench "
                + "--help\n");
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
