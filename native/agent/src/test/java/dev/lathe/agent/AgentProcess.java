package dev.lathe.agent;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A real agent in its own JVM on a free loopback port, as a user starts it, with what it printed. */
final class AgentProcess implements AutoCloseable {
    private static final Pattern PAIRING = Pattern.compile("pairing token: (\\S+)\\s+certificate sha256: (\\S+)");
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");

    final Process process;
    final String token;
    final String fingerprint;
    final int port;
    final List<String> stdout;

    private AgentProcess(Process process, String token, String fingerprint, int port, List<String> stdout) {
        this.process = process;
        this.token = token;
        this.fingerprint = fingerprint;
        this.port = port;
        this.stdout = stdout;
    }

    static AgentProcess start(Path dataDir, String... extra) throws IOException {
        return launch(new ProcessBuilder(command(dataDir, extra)));
    }

    /** As {@link #start(Path, String...)}, started in {@code workingDir}, as a user starts it from a folder. */
    static AgentProcess startIn(Path workingDir, Path dataDir, String... extra) throws IOException {
        return launch(new ProcessBuilder(command(dataDir, extra)).directory(workingDir.toFile()));
    }

    /**
     * As {@link #start(Path, String...)}, with the class path's jars whose file name contains {@code jarName} left
     * out: a board's agent whose lib/ lacks them (an agent package older than its per-platform ones had no libtorch).
     */
    static AgentProcess startWithout(String jarName, Path dataDir, String... extra) throws IOException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().contains(jarName))
                .collect(Collectors.joining(File.pathSeparator));
        return launch(new ProcessBuilder(command(classPath, dataDir, extra)));
    }

    private static List<String> command(Path dataDir, String... extra) {
        return command(System.getProperty("java.class.path"), dataDir, extra);
    }

    private static List<String> command(String classPath, Path dataDir, String... extra) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-Dai.djl.offline=true",
                "-XX:ErrorFile=" + dataDir.toAbsolutePath().resolve("hs_err_pid%p.log"), "-cp",
                classPath, AgentMain.class.getName(), "--port", "0", "--data-dir", dataDir.toString()));
        command.addAll(List.of(extra));
        return command;
    }

    /** Starts the agent {@code builder} describes (a launcher script, say) and waits for its two lines. */
    static AgentProcess launch(ProcessBuilder builder) throws IOException {
        Process p = builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> readTwoLines(out));
        List<String> printed;
        try {
            printed = lines.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("the agent did not print its pairing and listening lines", e);
        }
        Matcher pairing = PAIRING.matcher(printed.get(0));
        Matcher listening = LISTENING.matcher(printed.get(1));
        if (!pairing.matches() || !listening.matches()) {
            p.destroyForcibly();
            throw new IllegalStateException("unexpected agent output: " + printed);
        }
        return new AgentProcess(p, pairing.group(1), pairing.group(2), Integer.parseInt(listening.group(2)), printed);
    }

    private static List<String> readTwoLines(BufferedReader out) {
        List<String> lines = new ArrayList<>();
        try {
            while (lines.size() < 2) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                lines.add(line);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (lines.size() < 2) {
            throw new IllegalStateException("agent exited after printing " + lines);
        }
        return lines;
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
