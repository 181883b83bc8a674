package dev.lathe.engine.device.directory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start the agent's program on this computer ({@code java … -cp … dev.lathe.agent.AgentMain}). The engine does
 * not depend on the agent's code; the app, which has it on its class path, says how to run it.
 *
 * @param program the command up to and including the main class, then any of the agent's options that hold for
 *                every start (see {@link #withOptions}); not the ones {@link #childCommand} adds
 */
public record AgentLauncher(List<String> program) {
    public AgentLauncher {
        program = List.copyOf(Objects.requireNonNull(program, "program"));
        if (program.isEmpty()) {
            throw new IllegalArgumentException("the agent's program is empty");
        }
    }

    /** The same program with {@code options} of the agent's own after it, e.g. {@code --cache-dir DIR}. */
    public AgentLauncher withOptions(String... options) {
        List<String> command = new ArrayList<>(program);
        command.addAll(List.of(options));
        return new AgentLauncher(command);
    }

    /**
     * The full command for a child agent: loopback only, any free port, its own data folder, it stops when this
     * workbench closes its standard input (however the workbench ends), and its messages call it this computer's
     * runner.
     */
    List<String> childCommand(Path dataDir) {
        List<String> command = new ArrayList<>(program);
        command.addAll(List.of("--port", "0", "--bind", "127.0.0.1", "--data-dir", dataDir.toAbsolutePath().toString(),
                "--exit-with-stdin", "--runner"));
        return command;
    }
}
