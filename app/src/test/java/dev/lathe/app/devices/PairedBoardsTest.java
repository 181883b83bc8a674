package dev.lathe.app.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.device.directory.AgentDirectory;
import dev.lathe.engine.device.remote.PairedAgents;
import dev.lathe.engine.device.remote.Pairing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boards paired through the directory: kept in devices.json, probed, offline when gone, back by themselves; forgotten
 * through it or by another writer of devices.json, and followed when another writer pairs them.
 */
class PairedBoardsTest {
    private static final AgentDirectory.Probing FAST = new AgentDirectory.Probing(Duration.ofMillis(300),
            Duration.ofSeconds(2));

    @TempDir
    Path tmp;

    private AgentDirectory directory() throws DeviceException {
        return AgentDirectory.start(new PairedAgents(tmp.resolve("devices.json")), FAST, Optional.empty(),
                Optional.empty());
    }

    @Test
    void aForgottenBoardLeavesTheListAndDevicesJsonAndRunningOnItSaysToPairItAgain() throws Exception {
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("board"), 0);
             AgentDirectory directory = directory()) {
            String key = "127.0.0.1:" + agent.port;
            Entries heard = new Entries();
            directory.watch(heard.heard::add);
            directory.pair("127.0.0.1", agent.port, agent.token);
            Entries.await(directory, key, e -> e.state() == DeviceState.ONLINE, Duration.ofSeconds(20));

            directory.forget(key);

            assertThat(directory.entries()).isEmpty();
            assertThat(new PairedAgents(tmp.resolve("devices.json")).all()).isEmpty();
            assertThatThrownBy(() -> directory.device(key)).isInstanceOf(DeviceException.class)
                    .hasMessage(key + " was forgotten: to run on it again, pair it again with the token its agent "
                            + "printed (lathe pair " + key + " --token TOKEN).");
            Thread.sleep(FAST.interval().multipliedBy(4).toMillis());
            assertThat(directory.entries()).as("its probe stopped: it does not come back").isEmpty();
            assertThat(heard.heard.get(heard.heard.size() - 1)).as("watchers heard it go").isEmpty();
            assertThatThrownBy(() -> directory.forget(key)).isInstanceOf(DeviceException.class)
                    .hasMessageContaining(key + " is not paired, so there is nothing to forget");
            assertThatThrownBy(() -> directory.forget(DeviceDirectory.THIS_COMPUTER))
                    .isInstanceOf(DeviceException.class).hasMessageContaining("This computer cannot be forgotten");

            DeviceEntry again = directory.pair("127.0.0.1", agent.port, agent.token);
            assertThat(again.state()).as("paired again with the same token").isEqualTo(DeviceState.ONLINE);
            assertThat(directory.device(key).describe().cores()).isPositive();
        }
    }

    @Test
    void aBoardPairedOrForgottenByAnotherWriterOfDevicesJsonIsFollowedWithinSeconds() throws Exception {
        try (AgentProcess agent = AgentProcess.start(tmp.resolve("board"), 0);
             AgentDirectory directory = directory()) {
            String key = "127.0.0.1:" + agent.port;
            assertThat(directory.entries()).isEmpty();
            // What lathe pair in a terminal does while the app is open: its own reader and writer of the file.
            PairedAgents terminal = new PairedAgents(tmp.resolve("devices.json"));
            terminal.add(Pairing.pair("127.0.0.1", agent.port, agent.token, "a terminal"));

            DeviceEntry online = Entries.await(directory, key, e -> e.state() == DeviceState.ONLINE,
                    Duration.ofSeconds(5));
            assertThat(online.fingerprint()).hasValueSatisfying(f -> assertThat(f.cores()).isPositive());
            assertThat(directory.device(key).describe().name()).isEqualTo(online.name());

            terminal.remove(key);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!directory.entries().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(directory.entries()).as("dropped once lathe forget removed it").isEmpty();
            assertThatThrownBy(() -> directory.device(key)).isInstanceOf(DeviceException.class)
                    .hasMessageContaining("was forgotten");
        }
    }

    @Test
    void aPairedBoardIsKeptGoesOfflineWhenItsAgentDiesAndComesBackByItself() throws Exception {
        AgentProcess agent = AgentProcess.start(tmp.resolve("board"), 0);
        String key = "127.0.0.1:" + agent.port;
        try {
            try (AgentDirectory directory = directory()) {
                assertThatThrownBy(() -> directory.pair("127.0.0.1", agent.port, "WRONG-TOKEN-0000"))
                        .isInstanceOf(DeviceException.class).hasMessageContaining("token");
                DeviceEntry paired = directory.pair("127.0.0.1", agent.port, agent.token);
                assertThat(paired.state()).isEqualTo(DeviceState.ONLINE);
                assertThat(paired.key()).isEqualTo(key);
                assertThat(paired.fingerprint()).hasValueSatisfying(f -> assertThat(f.cores()).isPositive());
                assertThat(new PairedAgents(tmp.resolve("devices.json")).find(key)).hasValueSatisfying(a ->
                        assertThat(a.certificateSha256()).isEqualToIgnoringCase(agent.fingerprint));
            }

            try (AgentDirectory again = directory()) {
                DeviceEntry online = Entries.await(again, key, e -> e.state() == DeviceState.ONLINE,
                        Duration.ofSeconds(20));
                assertThat(again.entries()).as("listed from devices.json after a restart").containsExactly(online);
                assertThat(again.device(key).describe().name()).isEqualTo(online.name());

                agent.kill();
                DeviceEntry offline = Entries.await(again, key, e -> e.state() == DeviceState.OFFLINE,
                        Duration.ofSeconds(20));
                assertThat(offline.detail()).matches("Not answering since \\d\\d:\\d\\d; retrying every 1 s\\. .+");
                assertThat(offline.fingerprint()).as("what it ran on is still shown").isPresent();
                assertThatThrownBy(() -> again.device(key)).isInstanceOf(DeviceException.class)
                        .hasMessageContaining("is offline").hasMessageContaining("reconnects by itself");

                try (AgentProcess restarted = AgentProcess.start(tmp.resolve("board"), agent.port)) {
                    DeviceEntry back = Entries.await(again, key, e -> e.state() == DeviceState.ONLINE,
                            Duration.ofSeconds(20));
                    assertThat(back.detail()).isEmpty();
                    assertThat(again.device(key).describe().cores()).isPositive();
                }
            }
        } finally {
            agent.kill();
        }
    }
}
