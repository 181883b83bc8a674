package dev.lathe.engine.device;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * This computer's runner in plain values: the agent's program run in a child process on loopback, so that local
 * figures come from the same code path as a board's.
 *
 * @param program     how to start the agent's program, looked up when the runner first starts
 * @param dataDir     the runner's own folder (key, token, uploaded files, log)
 * @param pairingFile where the workbench keeps the credential the runner issued, apart from the user's boards
 */
public record RunnerSettings(Program program, Path dataDir, Path pairingFile) {
    public RunnerSettings {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(pairingFile, "pairingFile");
    }

    /**
     * The command up to and including the agent's main class, then any of its options that hold for every start. The
     * engine does not depend on the agent's code; whoever has it on its class path says how to run it.
     */
    @FunctionalInterface
    public interface Program {
        /** @throws DeviceException when the agent's program cannot be found, saying how to get it */
        List<String> command() throws DeviceException;
    }
}
