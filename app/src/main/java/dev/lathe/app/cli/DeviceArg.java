package dev.lathe.app.cli;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceException;

/**
 * The {@code --device HOST:PORT|local} option of bench, eval and fidelity: this computer, or a paired agent reached
 * over TLS with the certificate pinned at pairing. The workbench keeps the connection until the command ends.
 */
final class DeviceArg {
    static final String LOCAL = DeviceDirectory.THIS_COMPUTER;

    private DeviceArg() {
    }

    static boolean isLocal(String device) {
        return device == null || device.equals(LOCAL);
    }

    /** The device the option names, connected; this computer's runner for {@code local}. */
    static Device device(Workbench workbench, String device) throws DeviceException {
        return workbench.devices().device(isLocal(device) ? LOCAL : device);
    }
}
