package dev.lathe.app.cli;

import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.PairedAgents;
import dev.lathe.engine.device.remote.RemoteDevice;
import java.util.Optional;

/**
 * The {@code --device HOST:PORT|local} option of bench, eval and fidelity: this computer, or a paired agent reached over TLS
 * with the certificate pinned at pairing. The caller closes the returned connection when done.
 */
final class DeviceArg {
    static final String LOCAL = "local";

    private DeviceArg() {
    }

    /** A connected board; empty for {@code local} (the workbench's own device). */
    record Connection(Optional<AgentClient> client, Optional<RemoteDevice> device) implements AutoCloseable {
        @Override
        public void close() {
            client.ifPresent(AgentClient::close);
        }
    }

    static Connection connect(String device, PairedAgents paired) throws DeviceException {
        if (device == null || device.equals(LOCAL)) {
            return new Connection(Optional.empty(), Optional.empty());
        }
        PairedAgent agent = paired.find(device).orElseThrow(() -> new DeviceException(device + " is not paired: run "
                + "lathe pair " + device + " --token TOKEN with the token the agent printed, or see lathe devices"));
        AgentClient client = AgentClient.connect(agent);
        try {
            return new Connection(Optional.of(client), Optional.of(RemoteDevice.connect(client, sample -> { })));
        } catch (DeviceException e) {
            client.close();
            throw e;
        }
    }
}
