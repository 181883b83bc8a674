package dev.lathe.app.devices;

import dev.lathe.app.LathePaths;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.directory.AgentDirectory;
import dev.lathe.engine.device.directory.AgentLauncher;
import dev.lathe.engine.device.directory.Discovery;
import dev.lathe.engine.device.directory.Supervision;
import dev.lathe.engine.device.directory.ThisComputerDirectory;
import dev.lathe.engine.device.remote.PairedAgents;
import java.util.Optional;

/** Assembles the workbench's device directory from where Lathe keeps its files. */
public final class DeviceDirectories {
    private DeviceDirectories() {
    }

    /**
     * The directory the desktop app shows: this computer's runner in {@code <data>/this-computer} (its pairing in
     * {@code this-computer.json}, apart from the user's boards in {@code devices.json}), the paired boards probed
     * every few seconds, and {@code discovery} when given. The runner runs {@link AgentProgram#BESIDE_THE_WINDOW}
     * steps of niceness below the window, so that a benchmark on this computer does not take the window's frames.
     */
    public static AgentDirectory open(LathePaths paths, Optional<Discovery> discovery) throws DeviceException {
        return open(paths, discovery, AgentProgram.BESIDE_THE_WINDOW);
    }

    /** As {@link #open(LathePaths, Optional)}, with this computer's runner {@code niceness} steps below this process. */
    public static AgentDirectory open(LathePaths paths, Optional<Discovery> discovery, int niceness)
            throws DeviceException {
        return AgentDirectory.start(new PairedAgents(paths.devicesFile()), AgentDirectory.Probing.DEFAULT,
                Optional.of(thisComputer(paths, AgentProgram.ofThisJvm(niceness))), discovery);
    }

    /**
     * This computer's runner alone, for a command-line run on this computer (the same files as the app's). It runs
     * at the command's own priority: there is no window to keep drawing, and the user waits for the run.
     */
    public static DeviceDirectory thisComputerOnly(LathePaths paths) throws DeviceException {
        return ThisComputerDirectory.start(thisComputer(paths, AgentProgram.ofThisJvm()));
    }

    /**
     * The runner unpacks the runtimes' natives where the workbench does, so this computer holds one copy (PyTorch's
     * alone is about 430 MB) and the runner never waits for an unpacking the workbench already did.
     */
    private static AgentDirectory.ThisComputerSpec thisComputer(LathePaths paths, AgentLauncher launcher) {
        return new AgentDirectory.ThisComputerSpec(launcher.withOptions("--cache-dir", paths.cacheDir().toString()),
                paths.thisComputerDir(),
                paths.dataDir().resolve("this-computer.json"), Supervision.DEFAULT);
    }

    /** A directory that lists this computer as offline for {@code reason}, for when {@link #open} failed. */
    public static DeviceDirectory unavailable(String reason) {
        return new UnavailableDirectory(reason);
    }
}
