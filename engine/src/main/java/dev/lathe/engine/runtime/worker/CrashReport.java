package dev.lathe.engine.runtime.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Why a worker ended, from its exit code and the JVM's crash report ({@code hs_err_pid<pid>.log}, which
 * {@code -XX:ErrorFile} puts in the owner's log folder): the signal, the library whose code was running, and the
 * call whose thread it was.
 *
 * @param signal  like "SIGFPE"; empty when the process was not ended by a signal
 * @param library the file name of the library of the problematic frame, like "libonnxruntime.so"; empty when unknown
 * @param callId  the call whose thread crashed, when the report names one
 * @param report  the crash report, when the JVM wrote one
 */
record CrashReport(int exitCode, Optional<String> signal, Optional<String> library, OptionalLong callId,
                   Optional<Path> report) {
    /** How many crash reports a log folder keeps: enough to send one along with a bug report, not a pile. */
    static final int KEPT_REPORTS = 10;
    private static final Pattern SIGNAL = Pattern.compile("^#\\s+(SIG[A-Z0-9]+) \\(0x");
    private static final Pattern FRAME = Pattern.compile("^# [CVjJv]\\s+\\[([^+\\]]+)");
    private static final Pattern THREAD = Pattern.compile("^Current thread .*JavaThread \"call-(\\d+)\"");
    private static final Map<Integer, String> SIGNALS = Map.of(4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE",
            9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");

    /** What ended the process {@code pid} with {@code exitCode}, reading its report in {@code logDir} if any. */
    static CrashReport of(long pid, int exitCode, Path logDir) {
        Path file = logDir.resolve("hs_err_pid" + pid + ".log");
        Optional<String> signal = exitCode > 128 ? Optional.ofNullable(SIGNALS.get(exitCode - 128)) : Optional.empty();
        if (!Files.isRegularFile(file)) {
            return new CrashReport(exitCode, signal, Optional.empty(), OptionalLong.empty(), Optional.empty());
        }
        Optional<String> library = Optional.empty();
        OptionalLong call = OptionalLong.empty();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            for (String line : (Iterable<String>) lines.limit(400)::iterator) {
                Matcher m;
                if ((m = SIGNAL.matcher(line)).find()) {
                    signal = Optional.of(m.group(1));
                } else if (library.isEmpty() && (m = FRAME.matcher(line)).find()) {
                    library = Optional.of(m.group(1));
                } else if (call.isEmpty() && (m = THREAD.matcher(line)).find()) {
                    call = OptionalLong.of(Long.parseLong(m.group(1)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // A report we cannot read still tells that the JVM crashed; the exit code says the rest.
        }
        return new CrashReport(exitCode, signal, library, call, Optional.of(file));
    }

    /**
     * One line: what crashed, while doing what, how, and that the caller is fine, e.g. "ONNX Runtime crashed while
     * loading m.onnx (SIGFPE); the board is fine".
     *
     * @param runtime  the runtime the call ran in, named by the crashed library when it is a known one
     * @param doing    what the crashed call was doing, like "loading m.onnx"
     * @param survivor what carries on, like "the board is fine"
     */
    String sentence(String runtime, String doing, String survivor) {
        String who = library.map(CrashReport::runtimeOf).orElse(runtime);
        if (report.isPresent()) {
            return who + " crashed while " + doing + " (" + signal.orElse("exit code " + exitCode) + "); " + survivor;
        }
        if (signal.isPresent()) {
            String why = signal.get().equals("SIGKILL") ? signal.get() + ", out of memory?" : signal.get();
            return who + " was killed while " + doing + " (" + why + "); " + survivor;
        }
        return who + " stopped while " + doing + " (exit code " + exitCode + "); " + survivor;
    }

    private static String runtimeOf(String library) {
        if (library.startsWith("libonnxruntime")) {
            return "ONNX Runtime";
        }
        if (library.startsWith("libtorch") || library.startsWith("libc10") || library.startsWith("libdjl_torch")) {
            return "PyTorch";
        }
        return null;
    }

    /** Deletes all but the newest {@link #KEPT_REPORTS} crash reports in {@code logDir}. */
    static void prune(Path logDir) {
        try (Stream<Path> files = Files.list(logDir)) {
            List<Path> reports = files.filter(f -> f.getFileName().toString().matches("hs_err_pid\\d+\\.log"))
                    .sorted(Comparator.comparing(CrashReport::modified).reversed()).toList();
            for (Path old : reports.subList(Math.min(KEPT_REPORTS, reports.size()), reports.size())) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            // Housekeeping only.
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
