package dev.lathe.engine.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.hardware.Bf16;
import dev.lathe.engine.hardware.Int8Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Whether a CPU computes bf16 natively, read from /proc/cpuinfo samples of real machines (src/test/resources/cpuinfo,
 * where each comes from) with the architecture the JVM reports on each.
 */
class Bf16Test {

    @Test
    void anEpycWithAvx512Bf16ComputesBf16Natively() {
        Set<String> flags = flags("epyc-avx512-vnni.txt");
        assertThat(flags).contains("avx512_bf16").doesNotContain("amx_bf16");
        assertThat(Bf16.of("amd64", flags)).isEqualTo(Bf16.NATIVE);
    }

    @Test
    void aSapphireRapidsWithAmxComputesBf16Natively() {
        Set<String> flags = flags("sapphire-rapids-amx.txt");
        assertThat(flags).contains("amx_bf16", "amx_tile");
        assertThat(Bf16.of("amd64", flags)).isEqualTo(Bf16.NATIVE);
        assertThat(Bf16.of("amd64", List.of("avx2", "amx_bf16"))).as("AMX alone is enough").isEqualTo(Bf16.NATIVE);
    }

    @Test
    void x86WithoutAvx512Bf16OrAmxEmulatesIt() {
        for (String sample : List.of("alder-lake-avx-vnni.txt", "epyc-zen3-avx2.txt", "core2-sse-only.txt")) {
            assertThat(Bf16.of("amd64", flags(sample))).as(sample).isEqualTo(Bf16.EMULATED);
        }
        assertThat(Bf16.of("amd64", List.of("avx512f", "avx512_vnni", "avx512_fp16"))).isEqualTo(Bf16.EMULATED);
    }

    @Test
    void anArmCpuWithTheBf16FeatureComputesItNatively() {
        Set<String> flags = flags("graviton3.txt");
        assertThat(flags).contains("bf16", "svebf16");
        assertThat(Bf16.of("aarch64", flags)).isEqualTo(Bf16.NATIVE);
        assertThat(Bf16.of("arm64", List.of("asimd", "bf16"))).as("macOS names it arm64").isEqualTo(Bf16.NATIVE);
    }

    @Test
    void raspberryPisHaveNoBf16AndOnlyTheWholeFeatureNameCounts() {
        assertThat(Bf16.of("aarch64", flags("raspberry-pi-5.txt"))).isEqualTo(Bf16.EMULATED);
        assertThat(Bf16.of("aarch64", flags("raspberry-pi-4.txt"))).isEqualTo(Bf16.EMULATED);
        assertThat(Bf16.of("arm", flags("raspberry-pi-4-32bit.txt"))).isEqualTo(Bf16.EMULATED);
        assertThat(Bf16.of("aarch64", List.of("asimd", "svebf16"))).as("SVE's bf16 is not the Features' bf16")
                .isEqualTo(Bf16.EMULATED);
    }

    @Test
    void theArchitectureComesFromTheJvmNotFromTheFlags() {
        // QEMU user mode shows the host's /proc/cpuinfo to an emulated program.
        assertThat(Bf16.of("aarch64", flags("epyc-avx512-vnni.txt"))).isEqualTo(Bf16.EMULATED);
        assertThat(Bf16.of("amd64", flags("graviton3.txt"))).isEqualTo(Bf16.EMULATED);
        assertThat(Bf16.of("riscv64", List.of("avx512_bf16", "bf16"))).isEqualTo(Bf16.EMULATED);
        assertThat(Bf16.of(null, Set.of("bf16"))).isEqualTo(Bf16.EMULATED);
        assertThat(Bf16.of("amd64", Set.of())).as("flags that could not be read").isEqualTo(Bf16.EMULATED);
    }

    @Test
    void itsIdsAreStableAndAnUnknownOrMissingOneReadsAsEmulated() {
        assertThat(Bf16.NATIVE.id()).isEqualTo("native");
        assertThat(Bf16.EMULATED.id()).isEqualTo("emulated");
        assertThat(Bf16.ofId("native")).isEqualTo(Bf16.NATIVE);
        assertThat(Bf16.ofId("emulated")).isEqualTo(Bf16.EMULATED);
        assertThat(Bf16.ofId("")).as("an agent older than protocol 1.3").isEqualTo(Bf16.EMULATED);
        assertThat(Bf16.ofId(null)).isEqualTo(Bf16.EMULATED);
        assertThat(Bf16.ofId("fp8")).as("a newer agent's word").isEqualTo(Bf16.EMULATED);
    }

    @Test
    void thisComputerReportsWhatItsOwnCpuinfoSays() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        Bf16 expected = Files.isReadable(cpuinfo)
                ? Bf16.of(System.getProperty("os.arch"), HostProbe.cpuFlags(Files.readAllLines(cpuinfo)))
                : Bf16.EMULATED;
        assertThat(HostProbe.bf16()).isEqualTo(expected);
    }

    @Test
    void theSamplesInt8PathsStillHold() {
        assertThat(Int8Path.of("amd64", flags("sapphire-rapids-amx.txt"))).isEqualTo(Int8Path.AVX512_VNNI);
        assertThat(Int8Path.of("aarch64", flags("graviton3.txt"))).isEqualTo(Int8Path.NEON_DOTPROD);
    }

    private static Set<String> flags(String sample) {
        try {
            return HostProbe.cpuFlags(Files.readAllLines(Path.of(Bf16Test.class.getResource("/cpuinfo/" + sample)
                    .toURI())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
