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
 * fingerprint and the port it chose. Its standard error goes to a file (rewritten at each start), so a crash leaves its last words there.
 */
final class ChildAgentProcess {
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

    static ChildAgentProcess start(List<String> command, Path stderrFile, Duration timeout)
            throws DeviceException, InterruptedException {
        Process p;
        try {
            Files.createDirectories(stderrFile.getParent());
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(stderrFile.toFile())).start();
        } catch (IOException e) {
            throw new DeviceException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> twoLines(out));
        try {
            List<String> printed = lines.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Matcher pairing = PAIRING.matcher(printed.get(0));
            Matcher listening = LISTENING.matcher(printed.get(1));
            if (!pairing.matches() || !listening.matches()) {
                throw new DeviceException("it printed " + printed + " instead of its pairing and listening lines");
            }
            return new ChildAgentProcess(p, pairing.group(1), pairing.group(2), Integer.parseInt(listening.group(2)));
        } catch (ExecutionException e) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            throw new DeviceException("it exited" + (p.isAlive() ? "" : " with code " + p.exitValue())
                    + " before it was ready" + lastWords(stderrFile), e);
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw new DeviceException("it was not ready after " + timeout.toSeconds() + " s" + lastWords(stderrFile), e);
        } catch (InterruptedException | DeviceException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static List<String> twoLines(BufferedReader out) {
        List<String> lines = new ArrayList<>();
        try {
            while (lines.size() < 2) {
                String line = out.readLine();
                if (line == null) {
                    throw new IllegalStateException("the agent closed its output after " + lines);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return lines;
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

    /** Asks the agent to stop, then forces it. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
