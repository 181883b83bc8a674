package dev.lathe.app.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.device.directory.AgentDirectory;
import dev.lathe.engine.device.directory.AgentLauncher;
import dev.lathe.engine.device.directory.Supervision;
import dev.lathe.engine.device.remote.PairedAgents;
import dev.lathe.engine.model.ModelFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** This computer as a child agent: started, paired and connected by itself, restarted when it dies, and stopped. */
class ThisComputerTest {
    private static final Duration READY = Duration.ofSeconds(90);
    private static final Supervision QUICK = new Supervision(Duration.ofMillis(200), Duration.ofSeconds(2), 3,
            Duration.ofMinutes(1), Duration.ofSeconds(60));

    @TempDir
    Path data;

    private AgentDirectory directory(Supervision supervision) throws DeviceException {
        return AgentDirectory.start(new PairedAgents(data.resolve("devices.json")),
                new AgentDirectory.Probing(Duration.ofMillis(500), Duration.ofSeconds(2)),
                Optional.of(new AgentDirectory.ThisComputerSpec(new AgentLauncher(AgentProgram.ofThisJvm()), data.resolve("this-computer"),
                        data.resolve("this-computer.json"), supervision)), Optional.empty());
    }

    @Test
    void theChildAgentComesOnlineAndIsRestartedWithTheModelItWasRunningWhenKilled() throws Exception {
        List<List<DeviceEntry>> heard = new CopyOnWriteArrayList<>();
        ProcessHandle first;
        try (AgentDirectory directory = directory(QUICK)) {
            directory.watch(heard::add);
            assertThat(directory.entries()).singleElement().satisfies(e -> {
                assertThat(e.isThisComputer()).isTrue();
                assertThat(e.name()).isEqualTo("This computer");
            });
            DeviceEntry online = Entries.await(directory, DeviceDirectory.THIS_COMPUTER,
                    e -> e.state() == DeviceState.ONLINE, READY);
            assertThat(online.address()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(online.fingerprint()).hasValueSatisfying(f -> assertThat(f.cores()).isPositive());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    data.resolve("this-computer.json")))).isEqualTo("rw-------");
            assertThat(new PairedAgents(data.resolve("devices.json")).all()).as("kept apart from paired boards")
                    .isEmpty();
            first = directory.thisComputer().orElseThrow().process().orElseThrow();
            assertThat(first.parent().map(ProcessHandle::pid)).contains(ProcessHandle.current().pid());

            Device device = directory.device(DeviceDirectory.THIS_COMPUTER);
            AtomicInteger samples = new AtomicInteger();
            CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
                try {
                    device.benchmark(new ModelHandle(Entries.sampleCnn(), ModelFormat.ONNX, Optional.empty()),
                            new BenchConfig(0, 1, 60, 1, 1, Optional.empty()), (i, nanos) -> samples.incrementAndGet(),
                            Progress.NONE);
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (samples.get() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            first.destroyForcibly();
            assertThat(run.get(20, TimeUnit.SECONDS)).as("the run on the killed runner fails").isNotNull();

            DeviceEntry back = Entries.await(directory, DeviceDirectory.THIS_COMPUTER,
                    e -> e.state() == DeviceState.ONLINE && !e.detail().isEmpty(), READY);
            assertThat(back.detail()).matches("This computer's runner stopped \\(exit code 137\\) at \\d\\d:\\d\\d:\\d\\d "
                    + "while benchmarking cnn\\.onnx; restarted\\.");
            ProcessHandle second = directory.thisComputer().orElseThrow().process().orElseThrow();
            assertThat(second.pid()).isNotEqualTo(first.pid());
            assertThat(directory.device(DeviceDirectory.THIS_COMPUTER).describe().cores()).isPositive();
            assertThat(heard).anySatisfy(list -> assertThat(list.get(0).state()).isEqualTo(DeviceState.CONNECTING));
            assertThat(heard).anySatisfy(list -> assertThat(list.get(0).detail()).endsWith("; restarting."));
            first = second;
        }
        assertThat(first.onExit().get(15, TimeUnit.SECONDS).isAlive()).as("closing stops the child").isFalse();
    }

    @Test
    void aRunnerThatKeepsCrashingIsLeftStoppedWithAMessageSayingWhy() throws Exception {
        Supervision once = new Supervision(Duration.ofMillis(100), Duration.ofSeconds(1), 1, Duration.ofMinutes(1),
                Duration.ofSeconds(60));
        try (AgentDirectory directory = directory(once)) {
            Entries.await(directory, DeviceDirectory.THIS_COMPUTER, e -> e.state() == DeviceState.ONLINE, READY);
            directory.thisComputer().orElseThrow().process().orElseThrow().destroyForcibly();
            DeviceEntry stopped = Entries.await(directory, DeviceDirectory.THIS_COMPUTER,
                    e -> e.state() == DeviceState.OFFLINE, Duration.ofSeconds(20));
            assertThat(stopped.detail()).contains("exit code 137").contains("not restarted again")
                    .contains("Restart Lathe");
            assertThatThrownBy(() -> directory.device(DeviceDirectory.THIS_COMPUTER))
                    .isInstanceOf(DeviceException.class).hasMessageContaining("not restarted again");
        }
    }
}
