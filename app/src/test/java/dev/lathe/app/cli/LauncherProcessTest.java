package dev.lathe.app.cli;

import dev.lathe.engine.task.Progress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.app.Main;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
        // Progress may show (the model worker starts first); ONNX Runtime's own lines may not.
        assertThat(lines(r.err)).allMatch(l -> l.startsWith("fidelity: "), "a progress line");
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

    @Test
    void aModelThatCrashesOnnxRuntimeWhileLoadingIsOneLineFromBenchAndTheRunnerLivesOn() throws Exception {
        Path model = CrashingOnnx.divisionByZeroWhileLoading(tmp);

        Result r = launchIn(userFolder(), "bench", model.toString(), "--iterations", "5");

        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).endsWith("lathe: ONNX Runtime crashed while loading div-by-zero-load.onnx (SIGFPE); this "
                + "computer's runner is fine\n");
        assertThat(lines(r.err)).filteredOn(l -> l.startsWith("lathe:")).hasSize(1);
        assertThat(crashReports(userFolder())).isEmpty();
        assertThat(crashReports(tmp.resolve("data/this-computer"))).hasSize(1);
    }

    @Test
    void aModelThatCrashesOnnxRuntimeAtItsFirstRunIsOneLineFromEval() throws Exception {
        Path model = CrashingOnnx.divisionByZeroWhileRunning(tmp);
        Path csv = Files.writeString(tmp.resolve("four.csv"), "a,b,c,d,label\n0.5,0.5,0.5,0.5,0\n");

        Result r = launchIn(userFolder(), "eval", model.toString(), "--data", csv.toString(), "--label-column",
                "label");

        assertThat(r.code).as(r.err).isEqualTo(2);
        assertThat(r.err).endsWith("lathe: ONNX Runtime crashed while running div-by-zero-run.onnx (SIGFPE); this "
                + "computer's runner is fine\n");
        assertThat(crashReports(userFolder())).isEmpty();
    }

    @Test
    void aModelThatCrashesOnnxRuntimeInOptimizesCheckIsOneLineAndWritesNothing() throws Exception {
        Path model = CrashingOnnx.divisionByZeroWhileLoading(tmp);
        Path recipe = SampleFiles.root().getParent().getParent().resolve("recipes/fp16.yaml");

        Result r = launchIn(userFolder(), "optimize", model.toString(), "--recipe", recipe.toString(), "--out",
                tmp.resolve("out").toString());

        assertThat(r.code).as(r.err).isEqualTo(2);
        assertThat(r.err).endsWith("lathe: ONNX Runtime crashed while loading div-by-zero-load.onnx's fp16 variant "
                + "(SIGFPE); the workbench is fine\n");
        assertThat(crashReports(userFolder())).isEmpty();
        assertThat(crashReports(tmp.resolve("data/logs"))).hasSize(1);
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    private Path userFolder() throws Exception {
        return Files.createDirectories(tmp.resolve("where-the-user-is"));
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    private static List<Path> crashReports(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList();
        }
    }

    private Result launch(String... args) throws Exception {
        return launchIn(null, args);
    }

    /** Runs the entry point as a user does from {@code folder} (null: this JVM's working folder). */
    private Result launchIn(Path folder, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Dlathe.home=" + tmp,
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(folder == null ? null : folder.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err);
    }

    private record Result(int code, String out, String err) {
    }
}
