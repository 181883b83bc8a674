package dev.lathe.app.devices;

import dev.lathe.app.LathePaths;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.directory.AgentDirectory;
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
     * every few seconds, and {@code discovery} when given.
     */
    public static AgentDirectory open(LathePaths paths, Optional<Discovery> discovery) throws DeviceException {
        return AgentDirectory.start(new PairedAgents(paths.devicesFile()), AgentDirectory.Probing.DEFAULT,
                Optional.of(thisComputer(paths)), discovery);
    }

    /** This computer's runner alone, for a command-line run on this computer (the same files as the app's). */
    public static DeviceDirectory thisComputerOnly(LathePaths paths) throws DeviceException {
        return ThisComputerDirectory.start(thisComputer(paths));
    }

    private static AgentDirectory.ThisComputerSpec thisComputer(LathePaths paths) throws DeviceException {
        return new AgentDirectory.ThisComputerSpec(AgentProgram.ofThisJvm(), paths.thisComputerDir(),
                paths.dataDir().resolve("this-computer.json"), Supervision.DEFAULT);
    }

    /** A directory that lists this computer as offline for {@code reason}, for when {@link #open} failed. */
    public static DeviceDirectory unavailable(String reason) {
        return new UnavailableDirectory(reason);
    }
}
