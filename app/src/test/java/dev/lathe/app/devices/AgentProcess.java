package dev.lathe.app.devices;

import dev.lathe.engine.device.directory.ChildAgentProcess;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A board's agent as a user starts it: its own JVM, a data folder, a port, with the lines it printed. */
final class AgentProcess implements AutoCloseable {
    final Process process;
    final String token;
    final String fingerprint;
    final int port;

    private AgentProcess(ChildAgentProcess started) {
        this.process = started.process();
        this.token = started.token();
        this.fingerprint = started.fingerprint();
        this.port = started.port();
    }

    static AgentProcess start(Path dataDir, int port, String... extra) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-Dai.djl.offline=true", "-cp",
                AgentProgram.agentEntry() + File.pathSeparator + System.getProperty("java.class.path"),
                AgentProgram.MAIN_CLASS, "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        command.addAll(List.of(extra));
        return new AgentProcess(ChildAgentProcess.start(command, dataDir.resolveSibling(dataDir.getFileName()
                + "-stderr.log"), Duration.ofSeconds(60)));
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
