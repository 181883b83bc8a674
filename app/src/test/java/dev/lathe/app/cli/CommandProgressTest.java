package dev.lathe.app.cli;

import dev.lathe.engine.task.Progress;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress on a command's stderr: lines where it is no terminal, a bar where it is one, nothing in JSON. */
class CommandProgressTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path tmp;

    private final StringWriter screen = new StringWriter();
    private final AtomicLong nanos = new AtomicLong(1000 * S);

    @Test
    void offATerminalALineComesEveryFewSecondsAndWhenAStepBeginsButNoneInTheFirstTwo() {
        TerminalWriter err = new TerminalWriter(new PrintWriter(screen), new ProgressSettings(false, () -> 80,
                Duration.ofSeconds(2), Duration.ofSeconds(5)));
        try (CommandProgress p = new CommandProgress("optimize", err, nanos::get, false)) {
            p.stage("step 1/2 quantize");
            at(1, () -> p.report(30, 300, "Calibrated on 30 of 300 examples"));
            at(3, () -> p.report(90, 300, "Calibrated on 90 of 300 examples"));
            at(4, () -> p.report(120, 300, "Calibrated on 120 of 300 examples"));
            at(8, () -> p.report(300, 300, "Calibrated on 300 of 300 examples"));
            at(9, () -> p.stage("step 2/2 convert"));
        }

        assertThat(screen.toString()).isEqualTo(""
                + "optimize: step 1/2 quantize: calibrated on 90 of 300 examples (30 %), 7 s left\n"
                + "optimize: step 1/2 quantize: calibrated on 300 of 300 examples (100 %)\n"
                + "optimize: step 2/2 convert\n");
    }

    @Test
    void onATerminalABarIsDrawnOverItselfAndWipedAtTheEnd() {
        TerminalWriter err = new TerminalWriter(new PrintWriter(screen), new ProgressSettings(true, () -> 100,
                Duration.ZERO, Duration.ofSeconds(5)));
        try (CommandProgress p = new CommandProgress("bench", err, nanos::get, false)) {
            p.report(40, 100, "Measured 40 runs");
        }

        String drawn = screen.toString();
        assertThat(drawn).startsWith("\rbench  40%").contains(" 40/100 ").contains("Measured 40 runs")
                .doesNotContain("\n").endsWith("\r" + " ".repeat(99) + "\r");
    }

    @Test
    void aMessagePrintedWhileABarIsDrawnStartsOnAWipedLine() {
        TerminalWriter err = new TerminalWriter(new PrintWriter(screen), ProgressSettings.terminal(() -> 40));
        err.drawOver("[####      ] Sending cnn.onnx", 39);

        err.println("lathe: warning: \u001b]0;x\u0007 saturates");

        assertThat(screen.toString()).isEqualTo("\r[####      ] Sending cnn.onnx" + "\r" + " ".repeat(39) + "\r"
                + "lathe: warning: \\u001b]0;x\\u0007 saturates\n");
    }

    @Test
    void aLongOptimizeOffATerminalPrintsItsStepsAndStdoutKeepsOnlyTheResult() throws Exception {
        CliHarness cli = new CliHarness(tmp, new ProgressSettings(false, () -> 80, Duration.ZERO, Duration.ZERO));
        Path recipe = Files.writeString(tmp.resolve("s.yaml"), "lathe: 1\nname: s\nsteps:\n"
                + "  - quantize: { mode: static, calibration: { method: minmax, samples: 64 } }\n");
        String[] args = {"optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(), "--calib",
                SampleFiles.testImages().toString(), "--out", tmp.resolve("out").toString()};

        String out = cli.run(args);

        assertThat(cli.err().lines()).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("optimize: "));
        assertThat(cli.err()).contains("optimize: step 1/1 quantize: calibrated on 64 of 64 examples (100 %)");
        // The result alone: which data calibrated, then the variant.
        assertThat(out).startsWith("calibrated on " + SampleFiles.testImages().getFileName() + "\ncnn.s.onnx ")
                .doesNotContain("optimize: ");
    }

    @Test
    void withJsonOffATerminalNothingButTheJsonIsPrinted() throws Exception {
        CliHarness cli = new CliHarness(tmp, new ProgressSettings(false, () -> 80, Duration.ZERO, Duration.ZERO));
        Path recipe = Files.writeString(tmp.resolve("s.yaml"), "lathe: 1\nname: s\nsteps:\n"
                + "  - quantize: { mode: static, calibration: { method: minmax, samples: 64 } }\n");

        JsonNode j = CliHarness.json(cli.run("optimize", SampleFiles.cnn().toString(), "--recipe", recipe.toString(),
                "--calib", SampleFiles.testImages().toString(), "--out", tmp.resolve("out").toString(), "--force",
                "--json"));

        assertThat(j.get("variants")).hasSize(1);
        assertThat(cli.err()).isEmpty();
    }

    private void at(long seconds, Runnable r) {
        nanos.set(1000 * S + seconds * S);
        r.run();
    }
}
