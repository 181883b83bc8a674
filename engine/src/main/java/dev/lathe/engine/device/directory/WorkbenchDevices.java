package dev.lathe.engine.device.directory;

import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.Devices;
import dev.lathe.engine.device.DirectoryDevice;
import dev.lathe.engine.device.RunnerSettings;
import dev.lathe.engine.device.remote.PairedAgents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles a workbench's devices from plain values: where the files are, how to start the runner, what to watch. */
public final class WorkbenchDevices {
    /** How long a run waits for this computer's runner to start or restart. */
    private static final Duration RUNNER_PATIENCE = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(WorkbenchDevices.class);

    private WorkbenchDevices() {
    }

    /**
     * The devices a window shows, started at once in the background: this computer's runner, the boards paired in
     * {@code devicesFile} asked every few seconds whether they answer, and, when {@code discover}, the agents announced
     * on the local network. Where they cannot start (the agent's program missing, {@code devicesFile} unreadable),
     * this computer is listed as offline saying why, and its runs happen in this process through {@code inProcess}.
     *
     * @param cacheDir where the runner unpacks the runtimes' natives: the workbench's own, so this computer holds
     *                 one copy (PyTorch's alone is about 430 MB) and the runner never waits for an unpacking done
     * @param inProcess this computer in this process: what the runner's entry is called until it answers
     */
    public static Devices watched(RunnerSettings runner, Path cacheDir, Path devicesFile, boolean discover,
                                  Device inProcess) {
        try {
            AgentDirectory.ThisComputerSpec spec = spec(runner, cacheDir);
            AgentDirectory directory = AgentDirectory.start(new PairedAgents(devicesFile),
                    AgentDirectory.Probing.DEFAULT, Optional.of(spec),
                    discover ? Optional.of(MdnsDiscovery.onAllInterfaces()) : Optional.empty());
            return Devices.owning(directory, DirectoryDevice.of(directory, DeviceDirectory.THIS_COMPUTER,
                    RUNNER_PATIENCE, inProcess::describe));
        } catch (DeviceException e) {
            LOG.error("Cannot start the device directory: {}", e.getMessage());
            return Devices.unavailable(inProcess, e.getMessage()
                    + " Runs on this computer happen inside the workbench meanwhile.");
        }
    }

    /**
     * The devices of one command-line run: this computer's runner, started at the first run on it (or when the
     * command asks) and stopped when the devices close, and the boards paired in {@code devicesFile}, each reached
     * when a run names it. Nothing runs in the background until then.
     */
    public static Devices onDemand(RunnerSettings runner, Path cacheDir, Path devicesFile, Device inProcess) {
        DirectoryDevice thisComputer = DirectoryDevice.opening(() -> ThisComputerDirectory.start(spec(runner,
                cacheDir)), DeviceDirectory.THIS_COMPUTER, RUNNER_PATIENCE, inProcess::describe);
        return Devices.owning(new OnDemandDirectory(new PairedAgents(devicesFile), thisComputer), thisComputer);
    }

    private static AgentDirectory.ThisComputerSpec spec(RunnerSettings runner, Path cacheDir) throws DeviceException {
        AgentLauncher launcher = new AgentLauncher(runner.program().command())
                .withOptions("--cache-dir", cacheDir.toString());
        return new AgentDirectory.ThisComputerSpec(launcher, runner.dataDir(), runner.pairingFile(),
                Supervision.DEFAULT);
    }
}
