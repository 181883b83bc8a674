package dev.lathe.app.devices;

import dev.lathe.engine.hardware.Bf16;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.device.DirectoryDevice;
import dev.lathe.engine.hardware.Int8Path;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.device.directory.AgentDirectory;
import dev.lathe.engine.device.directory.AgentLauncher;
import dev.lathe.engine.device.directory.Supervision;
import dev.lathe.engine.device.directory.ThisComputerDirectory;
import dev.lathe.engine.model.ModelFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * This computer as the workbench's single device: a run started before the child agent is up waits for it, a run
 * after the child was killed waits for its restart, and a runner that cannot start fails the run with its reason.
 */
class DirectoryDeviceTest {
    private static final Supervision QUICK = new Supervision(Duration.ofMillis(200), Duration.ofSeconds(2), 2,
            Duration.ofMinutes(1), Duration.ofSeconds(60));
    private static final DeviceFingerprint UNREACHED = new DeviceFingerprint("unreached", "in-process", "cpu", 1, 1,
            "os", "arch", "jvm", List.of(), Int8Path.OTHER, Bf16.EMULATED);
    private static final BenchConfig SHORT = new BenchConfig(2, 30, 0, 1, 1, Optional.empty());

    @TempDir
    Path data;

    private AgentDirectory.ThisComputerSpec spec(AgentLauncher launcher) {
        return new AgentDirectory.ThisComputerSpec(launcher, data.resolve("this-computer"),
                data.resolve("this-computer.json"), QUICK);
    }

    @Test
    void aRunWaitsForTheChildToStartAndForItsRestartAfterItWasKilled() throws Exception {
        ProcessHandle restarted;
        ThisComputerDirectory directory = ThisComputerDirectory.start(spec(new AgentLauncher(AgentProgram.ofThisJvm())));
        ModelHandle cnn = new ModelHandle(Entries.sampleCnn(), ModelFormat.ONNX, Optional.empty());
        try (DirectoryDevice device = DirectoryDevice.opening(() -> directory, DeviceDirectory.THIS_COMPUTER,
                Duration.ofSeconds(90), () -> UNREACHED)) {
            assertThat(directory.entries().get(0).state()).isEqualTo(DeviceState.CONNECTING);
            List<String> said = new CopyOnWriteArrayList<>();
            AtomicInteger samples = new AtomicInteger();
            BenchmarkResult first = device.benchmark(cnn, SHORT, (i, nanos) -> samples.incrementAndGet(),
                    (done, total, message) -> said.add(message));
            assertThat(said.get(0)).isEqualTo("Starting this computer's runner…");
            assertThat(samples).hasValue(30);
            String child = directory.entries().get(0).fingerprint().orElseThrow().id();
            assertThat(first.device().id()).startsWith("agent-").isEqualTo(child);
            assertThat(device.describe().id()).isEqualTo(child);

            ProcessHandle killed = directory.thisComputerProcess().orElseThrow();
            killed.destroyForcibly();
            Entries.await(directory, DeviceDirectory.THIS_COMPUTER, e -> e.state() != DeviceState.ONLINE,
                    Duration.ofSeconds(20));
            BenchmarkResult second = device.benchmark(cnn, SHORT, (i, nanos) -> { }, (done, total, message) -> { });
            assertThat(second.device().id()).as("the same agent identity after the restart").isEqualTo(child);
            restarted = directory.thisComputerProcess().orElseThrow();
            assertThat(restarted.pid()).isNotEqualTo(killed.pid());
        }
        assertThat(restarted.isAlive()).as("closing the device stops the runner it started").isFalse();
    }

    @Test
    void aRunnerThatCannotStartFailsTheRunWithItsReasonAndDescribeFallsBack() throws Exception {
        AgentLauncher broken = new AgentLauncher(List.of("/bin/sh", "-c", "echo no agent here >&2; exit 7", "--"));
        try (DirectoryDevice device = DirectoryDevice.opening(() -> ThisComputerDirectory.start(spec(broken)),
                DeviceDirectory.THIS_COMPUTER, Duration.ofSeconds(60), () -> UNREACHED)) {
            assertThatThrownBy(() -> device.benchmark(new ModelHandle(Entries.sampleCnn(), ModelFormat.ONNX,
                    Optional.empty()), SHORT, (i, nanos) -> { }, (done, total, message) -> { }))
                    .isInstanceOf(DeviceException.class)
                    .hasMessageStartingWith("This computer is offline: ")
                    .hasMessageContaining("not restarted again");
            assertThat(device.describe()).isEqualTo(UNREACHED);
        }
    }
}
