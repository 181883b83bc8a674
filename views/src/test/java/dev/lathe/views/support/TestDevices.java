package dev.lathe.views.support;

import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.directory.AgentDirectory;
import dev.lathe.engine.device.remote.PairedAgents;
import java.nio.file.Path;
import java.util.Optional;

/** A real device directory with nothing paired and no child agent: what a workbench without boards shows. */
public final class TestDevices {
    private TestDevices() {
    }

    public static AgentDirectory none(Path dir) {
        try {
            return AgentDirectory.start(new PairedAgents(dir.resolve("devices.json")), AgentDirectory.Probing.DEFAULT,
                    Optional.empty(), Optional.empty());
        } catch (DeviceException e) {
            throw new IllegalStateException(e);
        }
    }
}
