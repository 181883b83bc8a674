package dev.lathe.app.devices;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A board's agent as a user starts it: its own JVM, a data folder, a port, with the lines it printed. */
final class AgentProcess implements AutoCloseable {
    private static final Pattern PAIRING = Pattern.compile("pairing token: (\\S+)\\s+certificate sha256: (\\S+)");
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");

    final Process process;
    final String token;
    final String fingerprint;
    final int port;

    private AgentProcess(Process process, String token, String fingerprint, int port) {
        this.process = process;
        this.token = token;
        this.fingerprint = fingerprint;
        this.port = port;
    }

    static AgentProcess start(Path dataDir, int port, String... extra) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-Dai.djl.offline=true", "-cp",
                AgentProgram.agentEntry() + File.pathSeparator + System.getProperty("java.class.path"),
                AgentProgram.MAIN_CLASS, "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        command.addAll(List.of(extra));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> printed = CompletableFuture.supplyAsync(() -> {
            try {
                return List.of(String.valueOf(out.readLine()), String.valueOf(out.readLine()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        Matcher pairing = PAIRING.matcher(printed.get(0));
        Matcher listening = LISTENING.matcher(printed.get(1));
        if (!pairing.matches() || !listening.matches()) {
            p.destroyForcibly();
            throw new IllegalStateException("unexpected agent output: " + printed);
        }
        return new AgentProcess(p, pairing.group(1), pairing.group(2), Integer.parseInt(listening.group(2)));
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
