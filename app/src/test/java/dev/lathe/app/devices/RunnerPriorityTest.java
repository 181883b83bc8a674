package dev.lathe.app.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.lathe.app.AppContext;
import dev.lathe.app.LathePaths;
import dev.lathe.engine.device.DeviceDirectory;
import dev.lathe.engine.device.DeviceState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desktop app's runner on this computer runs below the window's CPU priority, so a benchmark beside the window
 * does not take its frames; the command line's runner, with no window to draw, keeps the command's priority. Read
 * from the kernel: field 19 of {@code /proc/<pid>/stat} of the real child process, and of each of its threads.
 */
class RunnerPriorityTest {
    private static final Duration READY = Duration.ofSeconds(90);

    @TempDir
    Path tmp;
    private LathePaths paths;
    private int ours;

    @BeforeEach
    void linuxWithNice() throws Exception {
        assumeThat(Path.of("/proc/self/stat")).as("a Linux /proc").exists();
        assumeThat(AgentProgram.nice()).as("nice on the PATH").isPresent();
        paths = new LathePaths(tmp.resolve("data"), tmp.resolve("cache"));
        ours = ThreadNiceness.ofProcess(ProcessHandle.current().pid());
    }

    @Test
    void theDesktopAppsRunnerRunsTenStepsBelowTheWindow() throws Exception {
        try (AppContext context = AppContext.forWindow(paths, false)) {
            Entries.await(context.workbench().devices(), DeviceDirectory.THIS_COMPUTER,
                    e -> e.state() == DeviceState.ONLINE, READY);
            ProcessHandle child = childAgent(paths.thisComputerDir());
            assertThat(child.parent().map(ProcessHandle::pid)).as("nice runs the agent in its own place")
                    .contains(ProcessHandle.current().pid());
            List<String> command = commandLine(child.pid());
            assertThat(command).contains(AgentProgram.MAIN_CLASS);
            assertThat(command.get(0)).as("the JVM, not nice").doesNotEndWith("nice");
            int expected = Math.min(19, ours + AgentProgram.BESIDE_THE_WINDOW);
            assertThat(ThreadNiceness.ofProcess(child.pid())).isEqualTo(expected);
            assertThat(ThreadNiceness.of(child.pid())).as("every thread of the agent's JVM").isNotEmpty()
                    .containsOnly(expected);
        }
    }

    @Test
    void theCommandLinesRunnerKeepsTheCommandsPriority() throws Exception {
        try (AppContext context = AppContext.open(paths)) {
            context.workbench().devices().startThisComputer();
            ProcessHandle child = childAgent(paths.thisComputerDir());
            assertThat(ThreadNiceness.ofProcess(child.pid())).isEqualTo(ours);
            assertThat(ThreadNiceness.of(child.pid())).containsOnly(ours);
        }
    }

    @Test
    void onlyALowerPriorityPutsNiceBeforeTheJvm() throws Exception {
        List<String> lower = AgentProgram.ofThisJvm(AgentProgram.BESIDE_THE_WINDOW);
        assertThat(lower.subList(0, 3)).containsExactly(AgentProgram.nice().orElseThrow().toString(), "-n", "10");
        assertThat(lower.get(3)).isEqualTo(AgentProgram.ofThisJvm().get(0));
        assertThat(AgentProgram.ofThisJvm(0)).isEqualTo(AgentProgram.ofThisJvm());
    }

    /**
     * The command line's runner, once it has paired with this process (its pairing file written), so the process is
     * the agent's JVM and no longer the moment between fork and exec.
     */
    private ProcessHandle childAgent(Path dataDir) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> child = ProcessHandle.current().children()
                    .filter(c -> commandLine(c.pid()).contains(dataDir.toString()))
                    .findFirst();
            if (child.isPresent() && Files.exists(paths.dataDir().resolve("this-computer.json"))) {
                return child.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no runner with data folder " + dataDir + " within " + READY.toSeconds() + " s");
    }

    /**
     * A process's command line from {@code /proc/<pid>/cmdline}; {@code ProcessHandle.Info.arguments()} comes back
     * empty for a command line as long as the agent's class path.
     */
    private static List<String> commandLine(long pid) {
        try {
            String raw = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
            return List.of(raw.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
