package dev.lathe.views.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real lathe-agent in its own JVM on a free loopback port, started as a user would, with its pairing token. */
public final class TestAgent implements AutoCloseable {
    private static final Pattern PAIRING = Pattern.compile("pairing token: (\\S+)\\s+certificate sha256: (\\S+)");
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");

    private final Process process;
    private final String token;
    private final int port;

    private TestAgent(Process process, String token, int port) {
        this.process = process;
        this.token = token;
        this.port = port;
    }

    /** Starts the agent with its data in {@code dataDir} and waits (up to a minute) for its two printed lines. */
    public static TestAgent start(Path dataDir) throws Exception {
        return start(dataDir, false);
    }

    /**
     * As {@link #start(Path)}; {@code yielding} runs it at the lowest CPU priority ({@code nice -n 19}), so agents
     * that stand in for separate boards take only the CPU this computer's own work leaves over.
     */
    public static TestAgent start(Path dataDir, boolean yielding) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>();
        if (yielding) {
            command.addAll(List.of("nice", "-n", "19"));
        }
        command.addAll(List.of(java, "-Xmx384m", "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), "dev.lathe.agent.AgentMain", "--port", "0", "--data-dir",
                dataDir.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String[] printed;
        try {
            printed = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String[] {out.readLine(), out.readLine()};
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("the agent did not print its pairing and listening lines", e);
        }
        Matcher pairing = PAIRING.matcher(String.valueOf(printed[0]));
        Matcher listening = LISTENING.matcher(String.valueOf(printed[1]));
        if (!pairing.matches() || !listening.matches()) {
            p.destroyForcibly();
            throw new IllegalStateException("unexpected agent output: " + List.of(printed));
        }
        return new TestAgent(p, pairing.group(1), Integer.parseInt(listening.group(2)));
    }

    public String token() {
        return token;
    }

    public int port() {
        return port;
    }

    /** Stops the agent at once, as pulling a board's power cord would. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
