package dev.lathe.app.cli;

import dev.lathe.engine.task.Progress;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.app.LathePaths;
import dev.lathe.app.LazyContext;
import dev.lathe.engine.files.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

/** Runs CLI commands in-process against a store in a test's own folder, keeping what each printed. */
final class CliHarness {
    private final Path dataDir;
    private final ProgressSettings progress;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    /**
     * Progress that never shows within a test's time, so that what a test reads on stderr does not depend on how busy
     * the machine is.
     */
    static final ProgressSettings NO_PROGRESS = new ProgressSettings(false, () -> 80, Duration.ofDays(1),
            ProgressSettings.EVERY);

    CliHarness(Path tmp) {
        this(tmp, NO_PROGRESS);
    }

    /** A harness whose commands' stderr shows progress as {@code progress} says. */
    CliHarness(Path tmp, ProgressSettings progress) {
        this.dataDir = tmp.resolve("data");
        this.progress = progress;
    }

    /** Runs one command and returns its exit code; {@link #out()} and {@link #err()} then hold what it printed. */
    int exit(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Cli.run(new LazyContext(new LathePaths(dataDir, SampleFiles.cacheDir())), new PrintWriter(out),
                new TerminalWriter(new PrintWriter(err), progress), args);
    }

    Path dataDir() {
        return dataDir;
    }

    /** Runs a command that must succeed and returns its standard output. */
    String run(String... args) {
        int code = exit(args);
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        return out.toString();
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }
}
