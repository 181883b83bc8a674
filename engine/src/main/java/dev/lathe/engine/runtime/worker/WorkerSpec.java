package dev.lathe.engine.runtime.worker;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How a process runs its model worker.
 *
 * @param cacheDir where the runtimes' natives are unpacked (the owner's, so they are unpacked once)
 * @param logDir   the owner's log folder: the worker's log and the JVM's crash reports go there, never into the
 *                 folder the user started Lathe in
 * @param survivor what a crash message says carries on, like "the board is fine"
 * @param idleStop how long a worker with no open model waits before it ends, giving its memory back (on a Raspberry
 *                 Pi a second JVM is a noticeable share); the next model starts it again
 */
public record WorkerSpec(Path cacheDir, Path logDir, String survivor, Duration idleStop) {
    public static final Duration DEFAULT_IDLE_STOP = Duration.ofMinutes(5);
    static final String MAIN_CLASS = "dev.lathe.engine.runtime.worker.WorkerMain";

    public WorkerSpec {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(survivor, "survivor");
        if (idleStop.isNegative() || idleStop.isZero()) {
            throw new IllegalArgumentException("idleStop must be positive, got " + idleStop);
        }
    }

    public WorkerSpec(Path cacheDir, Path logDir, String survivor) {
        this(cacheDir, logDir, survivor, DEFAULT_IDLE_STOP);
    }

    /** Where the worker's DJL unpacks libtorch: a folder of its own inside the cache. */
    public Path djlCacheDir() {
        return djlCacheDir(cacheDir);
    }

    static Path djlCacheDir(Path cacheDir) {
        return cacheDir.resolve("djl");
    }

    /** The JVM option that sends a JVM's crash report to {@code folder}: for every JVM Lathe starts. */
    public static String errorFileOption(Path folder) {
        return "-XX:ErrorFile=" + folder.toAbsolutePath().resolve("hs_err_pid%p.log");
    }

    /** This JVM's Java and class path, running the worker's main class. */
    List<String> command() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), errorFileOption(logDir),
                // The JVM prints its fatal-error banner on stdout by default, which carries the frames.
                "-XX:+DisplayVMOutputToStderr",
                "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                "-Dlogback.configurationFile=lathe-worker-logback.xml",
                "-Dlathe.worker.log=" + logDir.toAbsolutePath().resolve("model-worker.log")));
        command.addAll(List.of("-cp", absoluteClassPath(), MAIN_CLASS, cacheDir.toAbsolutePath().toString()));
        return command;
    }

    /**
     * This JVM's class path with every entry made absolute: a child started in a folder of its own (where its crash
     * report goes) would not find classes under a path relative to this JVM's working folder.
     */
    public static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
