package dev.lathe.app.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.device.HostProbe;
import dev.lathe.engine.device.directory.AgentDirectory;
import dev.lathe.engine.device.directory.MdnsDiscovery;
import dev.lathe.engine.device.directory.NetworkInterfaces;
import dev.lathe.engine.device.remote.PairedAgents;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent announcing itself with multicast DNS on this machine's first multicast interface and a directory
 * browsing that interface (multicast loops back to the sending host, so one machine suffices). Skipped where no
 * interface carries multicast.
 */
class DiscoveryTest {
    @TempDir
    Path tmp;

    @Test
    void anAgentOnTheNetworkIsDiscoveredListedAsPairedOnlyOnceAddedDiscoveredAgainOnceForgottenAndGoneOnceKilled() throws Exception {
        List<InetAddress> interfaces = NetworkInterfaces.multicastAddresses();
        assumeFalse(interfaces.isEmpty(), "no network interface carries multicast here");
        InetAddress address = interfaces.get(0);
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("board"), 0, "--bind", address.getHostAddress());
             AgentDirectory directory = AgentDirectory.start(new PairedAgents(tmp.resolve("devices.json")),
                     new AgentDirectory.Probing(Duration.ofMillis(500), Duration.ofSeconds(2)), Optional.empty(),
                     Optional.of(new MdnsDiscovery(List.of(address))))) {
            String key = address.getHostAddress() + ":" + agent.port;
            DeviceEntry discovered = Entries.await(directory, key, e -> e.state() == DeviceState.DISCOVERED,
                    Duration.ofSeconds(30));
            assertThat(discovered.name()).isEqualTo(HostProbe.hostName());
            assertThat(discovered.detail()).contains("not paired");
            assertThat(discovered.fingerprint()).isEmpty();

            DeviceEntry paired = directory.pair(address.getHostAddress(), agent.port, agent.token);
            assertThat(paired.state()).isEqualTo(DeviceState.ONLINE);
            assertThat(directory.entries()).as("listed once, as paired").filteredOn(e -> e.key().equals(key))
                    .singleElement().extracting(DeviceEntry::state).isEqualTo(DeviceState.ONLINE);

            directory.forget(key);
            assertThat(directory.entries()).as("still announced, so listed again as discovered")
                    .filteredOn(e -> e.key().equals(key)).singleElement().extracting(DeviceEntry::state)
                    .isEqualTo(DeviceState.DISCOVERED);

            Thread.sleep(12_000);
            assertThat(directory.entries()).as("an agent that answers stays listed past the silence allowed")
                    .filteredOn(e -> e.key().equals(key)).singleElement().extracting(DeviceEntry::state)
                    .isEqualTo(DeviceState.DISCOVERED);
            agent.kill();
            long killed = System.nanoTime();
            while (directory.entries().stream().anyMatch(e -> e.key().equals(key))
                    && System.nanoTime() - killed < Duration.ofSeconds(25).toNanos()) {
                Thread.sleep(100);
            }
            assertThat(directory.entries()).as("killed without a goodbye, it leaves the list well before its "
                    + "records expire (an hour)").noneMatch(e -> e.key().equals(key));

            try (AgentProcess restarted = AgentProcess.start(tmp.resolve("board"), agent.port, "--bind",
                    address.getHostAddress())) {
                Entries.await(directory, key, e -> e.state() == DeviceState.DISCOVERED, Duration.ofSeconds(30));
            }
        }
    }
}
