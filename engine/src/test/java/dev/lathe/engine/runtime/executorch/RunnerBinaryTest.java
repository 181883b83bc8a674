package dev.lathe.engine.runtime.executorch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which runner a process takes: one it can run, reporting the ExecuTorch version it was built against. */
class RunnerBinaryTest {
    @TempDir
    Path tmp;

    @Test
    void theBuiltRunnerRunsHereAndReportsItsExecuTorchVersion() throws Exception {
        RunnerBinary runner = Runner.require();

        assertThat(RunnerBinary.runsHere(runner.file())).isTrue();
        assertThat(runner.version()).isEqualTo("1.4.1");
    }

    @Test
    void aRunnerBuiltForAnotherMachineOrNotExecutableIsPassedOver() throws Exception {
        byte[] elf = Files.readAllBytes(Runner.require().file());
        boolean x86 = (elf[18] & 0xff) == 0x3e;
        elf[18] = (byte) (x86 ? 0xb7 : 0x3e);  // aarch64 where this is x86-64, and the other way round
        elf[19] = 0;
        Path foreign = Files.write(tmp.resolve("foreign"), elf);
        Files.setPosixFilePermissions(foreign, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path plain = Files.copy(Runner.require().file(), tmp.resolve("plain"));
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(RunnerBinary.runsHere(foreign)).isFalse();
        assertThat(RunnerBinary.runsHere(plain)).isFalse();
        assertThat(RunnerBinary.runsHere(tmp.resolve("absent"))).isFalse();
    }
}
