package dev.lathe.engine.device.directory;

import dev.lathe.engine.device.DeviceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the agent as a child process, with what it printed at start: its pairing token, its certificate
 * fingerprint and the port it chose. Its standard error goes to a file (rewritten at each start), so a crash leaves
 * its last words there. Public so that tests start a board's agent exactly as the workbench starts its own.
 */
public final class ChildAgentProcess {
    private static final Pattern PAIRING = Pattern.compile("pairing token: (\\S+)\\s+certificate sha256: (\\S+)");
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");

    final Process process;
    final String token;
    final String fingerprint;
    final int port;

    private ChildAgentProcess(Process process, String token, String fingerprint, int port) {
        this.process = process;
        this.token = token;
        this.fingerprint = fingerprint;
        this.port = port;
    }

    /**
     * Starts {@code command} in the folder of {@code stderrFile} and waits up to {@code timeout} for its pairing and
     * listening lines. That folder is the child's own: a JVM writes its crash report into the folder it runs in, and
     * that must never be the one the user started Lathe from.
     */
    public static ChildAgentProcess start(List<String> command, Path stderrFile, Duration timeout)
            throws DeviceException, InterruptedException {
        Process p;
        try {
            Path folder = stderrFile.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            p = new ProcessBuilder(command).directory(folder.toFile())
                    .redirectError(ProcessBuilder.Redirect.to(stderrFile.toFile())).start();
        } catch (IOException e) {
            throw new DeviceException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Matcher[]> lines = CompletableFuture.supplyAsync(() -> readyLines(out));
        try {
            Matcher[] ready = lines.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ChildAgentProcess(p, ready[0].group(1), ready[0].group(2), Integer.parseInt(ready[1].group(2)));
        } catch (ExecutionException e) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            throw new DeviceException("it exited" + (p.isAlive() ? "" : " with code " + p.exitValue())
                    + " before it was ready" + lastWords(stderrFile), e);
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw new DeviceException("it was not ready after " + timeout.toSeconds() + " s" + lastWords(stderrFile), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /**
     * The pairing and listening lines. Anything else before them (a JVM warning, say) is skipped: only these two
     * lines are the agent's to print, but the JVM and libraries may write to the same stream.
     */
    private static Matcher[] readyLines(BufferedReader out) {
        Matcher pairing = null;
        List<String> other = new ArrayList<>();
        try {
            while (other.size() < 200) {
                String line = out.readLine();
                if (line == null) {
                    throw new IllegalStateException("the agent closed its output" + (other.isEmpty() ? ""
                            : " after " + other.get(other.size() - 1)));
                }
                Matcher p = PAIRING.matcher(line.strip());
                Matcher l = LISTENING.matcher(line.strip());
                if (p.matches()) {
                    pairing = p;
                } else if (l.matches() && pairing != null) {
                    return new Matcher[] {pairing, l};
                } else {
                    other.add(line);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("the agent printed " + other.size() + " lines without its pairing and "
                + "listening lines");
    }

    /** The last line the agent wrote on standard error, which says why it stopped when it could say. */
    static String lastWords(Path stderrFile) {
        try {
            List<String> lines = Files.readAllLines(stderrFile, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return " (" + lines.get(i).strip() + ")";
                }
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    public Process process() {
        return process;
    }

    /** The pairing token it printed. */
    public String token() {
        return token;
    }

    /** Its certificate's SHA-256, as it printed it. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The port it listens on, which it chose when asked for port 0. */
    public int port() {
        return port;
    }

    /** Asks the agent to stop, then forces it. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
