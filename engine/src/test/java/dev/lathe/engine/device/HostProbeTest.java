package dev.lathe.engine.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.hardware.Bf16;
import dev.lathe.engine.hardware.CpuFamily;
import dev.lathe.engine.hardware.Int8Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CPU facts a device reports, read from /proc/cpuinfo samples (src/test/resources/cpuinfo/README.md). */
class HostProbeTest {
    @Test
    void anAarch64JvmEmulatedOnAnX86HostClaimsNeitherTheHostsModelNorItsFlags() {
        // QEMU user mode passes the host's /proc/cpuinfo through: the emulated JVM says aarch64 and reads "AMD EPYC".
        List<String> epyc = cpuinfo("epyc-avx512-vnni.txt");
        assertThat(HostProbe.cpuModel("aarch64", epyc)).isEqualTo("aarch64 CPU (emulated on an x86 host)")
                .doesNotContain("EPYC");
        assertThat(HostProbe.cpuFlags("aarch64", epyc)).isEmpty();
        assertThat(Int8Path.of("aarch64", HostProbe.cpuFlags("aarch64", epyc))).isEqualTo(Int8Path.OTHER);
        assertThat(Bf16.of("aarch64", HostProbe.cpuFlags("aarch64", epyc))).isEqualTo(Bf16.EMULATED);

        List<String> pi5 = cpuinfo("raspberry-pi-5.txt");
        assertThat(HostProbe.cpuModel("amd64", pi5)).isEqualTo("amd64 CPU (emulated on an ARM host)");
        assertThat(HostProbe.cpuFlags("amd64", pi5)).isEmpty();
        assertThat(HostProbe.cpuModel("riscv64", epyc)).as("another family altogether")
                .isEqualTo("riscv64 CPU (emulated on an x86 host)");
    }

    @Test
    void aJvmOnTheCpuItsCpuinfoDescribesReportsThatCpusModelAndFlags() {
        List<String> epyc = cpuinfo("epyc-avx512-vnni.txt");
        assertThat(HostProbe.cpuModel("amd64", epyc)).isEqualTo("AMD EPYC");
        assertThat(HostProbe.cpuFlags("amd64", epyc)).contains("avx2", "avx512_vnni")
                .isEqualTo(HostProbe.cpuFlags(epyc));
        List<String> pi5 = cpuinfo("raspberry-pi-5.txt");
        assertThat(HostProbe.cpuModel("aarch64", pi5)).isEqualTo("Raspberry Pi 5 Model B Rev 1.0");
        assertThat(HostProbe.cpuFlags("aarch64", pi5)).contains("asimd", "asimddp");
        assertThat(HostProbe.cpuModel("arm", cpuinfo("raspberry-pi-4-32bit.txt")))
                .isEqualTo("ARMv7 Processor rev 3 (v7l)");
        assertThat(HostProbe.cpuModel("aarch64", cpuinfo("graviton3.txt"))).as("no model line")
                .isEqualTo("aarch64 CPU");
    }

    @Test
    void aCpuinfoThatNamesNoFamilyIsTakenAsTheJvmsOwn() {
        List<String> bare = List.of("processor\t: 0", "cpu model\t: SiFive U74", "isa\t\t: rv64imafdc");
        assertThat(CpuFamily.ofCpuinfo(bare)).isEqualTo(CpuFamily.OTHER);
        assertThat(HostProbe.cpuModel("riscv64", bare)).isEqualTo("SiFive U74");
        assertThat(HostProbe.cpuModel("aarch64", List.of())).isEqualTo("aarch64 CPU");
        assertThat(HostProbe.cpuFlags("aarch64", List.of())).isEmpty();
    }

    @Test
    void thisComputerReportsTheModelItsOwnCpuinfoGivesForItsJvm() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        List<String> lines = Files.isReadable(cpuinfo) ? Files.readAllLines(cpuinfo) : List.of();
        String arch = System.getProperty("os.arch");
        assertThat(HostProbe.cpuModel()).isEqualTo(HostProbe.cpuModel(arch, lines));
        assertThat(HostProbe.cpuFlags()).isEqualTo(HostProbe.cpuFlags(arch, lines));
    }

    private static List<String> cpuinfo(String sample) {
        try {
            return Files.readAllLines(Path.of(HostProbeTest.class.getResource("/cpuinfo/" + sample).toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
