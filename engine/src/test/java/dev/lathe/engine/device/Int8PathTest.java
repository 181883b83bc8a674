package dev.lathe.engine.device;

import dev.lathe.engine.hardware.Int8Path;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which int8 kernels a CPU gives ONNX Runtime, read from /proc/cpuinfo samples of real machines (src/test/resources/
 * cpuinfo, where each comes from) with the architecture the JVM reports on each.
 */
class Int8PathTest {

    @Test
    void anEpycWithAvx512VnniTakesTheAvx512VnniPathThoughItHasAvxVnniToo() {
        Set<String> flags = flags("epyc-avx512-vnni.txt");
        assertThat(flags).contains("avx512_vnni", "avx_vnni", "avx2");
        assertThat(Int8Path.of("amd64", flags)).isEqualTo(Int8Path.AVX512_VNNI);
    }

    @Test
    void anAlderLakeWithAvxVnniButNoAvx512TakesTheAvxVnniPath() {
        assertThat(Int8Path.of("amd64", flags("alder-lake-avx-vnni.txt"))).isEqualTo(Int8Path.AVX_VNNI);
    }

    @Test
    void aZen3EpycWithAvx2AndNoVnniTakesTheSaturatingAvx2Path() {
        Int8Path path = Int8Path.of("amd64", flags("epyc-zen3-avx2.txt"));
        assertThat(path).isEqualTo(Int8Path.AVX2);
        assertThat(path.saturatesFullRangeWeights()).isTrue();
    }

    @Test
    void anSseOnlyX86IsOtherAndNotClaimedToSaturate() {
        Int8Path path = Int8Path.of("amd64", flags("core2-sse-only.txt"));
        assertThat(path).isEqualTo(Int8Path.OTHER);
        assertThat(path.saturatesFullRangeWeights()).isFalse();
    }

    @Test
    void aRaspberryPi4HasNeonWithoutDotProduct() {
        assertThat(Int8Path.of("aarch64", flags("raspberry-pi-4.txt"))).isEqualTo(Int8Path.NEON);
        assertThat(Int8Path.of("arm", flags("raspberry-pi-4-32bit.txt"))).as("32-bit OS: 'neon' in Features")
                .isEqualTo(Int8Path.NEON);
    }

    @Test
    void aRaspberryPi5HasNeonDotProduct() {
        assertThat(Int8Path.of("aarch64", flags("raspberry-pi-5.txt"))).isEqualTo(Int8Path.NEON_DOTPROD);
    }

    @Test
    void theArchitectureComesFromTheJvmSoAnEmulatedArmProgramOnAnX86HostIsOther() {
        // QEMU user mode shows the host's /proc/cpuinfo to the emulated JVM, which says aarch64.
        assertThat(Int8Path.of("aarch64", flags("epyc-avx512-vnni.txt"))).isEqualTo(Int8Path.OTHER);
        assertThat(Int8Path.of("amd64", flags("raspberry-pi-5.txt"))).isEqualTo(Int8Path.OTHER);
        assertThat(Int8Path.of("arm64", List.of("asimd", "asimddp"))).as("macOS names it arm64")
                .isEqualTo(Int8Path.NEON_DOTPROD);
        assertThat(Int8Path.of("x86_64", List.of("avx2"))).isEqualTo(Int8Path.AVX2);
        assertThat(Int8Path.of("riscv64", List.of("avx2", "asimddp"))).isEqualTo(Int8Path.OTHER);
    }

    @Test
    void unreadableFlagsAreOther() {
        assertThat(HostProbe.cpuFlags(List.of())).isEmpty();
        assertThat(HostProbe.cpuFlags(List.of("not a cpuinfo", ": at all"))).isEmpty();
        assertThat(Int8Path.of("amd64", Set.of())).isEqualTo(Int8Path.OTHER);
        assertThat(Int8Path.of(null, Set.of("avx2"))).isEqualTo(Int8Path.OTHER);
    }

    @Test
    void onlyFlagsEveryCoreHasCountSinceAThreadMayRunOnAnyOfThem() {
        List<String> bigLittle = List.of("processor\t: 0", "Features\t: fp asimd asimddp", "",
                "processor\t: 1", "Features\t: fp asimd", "");
        assertThat(HostProbe.cpuFlags(bigLittle)).containsExactlyInAnyOrder("fp", "asimd");
        assertThat(Int8Path.of("aarch64", HostProbe.cpuFlags(bigLittle))).isEqualTo(Int8Path.NEON);
    }

    @Test
    void onlyAvx2SaturatesFullRangeWeights() {
        assertThat(Arrays.stream(Int8Path.values()).filter(Int8Path::saturatesFullRangeWeights))
                .containsExactly(Int8Path.AVX2);
    }

    @Test
    void idsAreStableAndAnUnknownOrMissingIdIsOther() {
        assertThat(Arrays.stream(Int8Path.values()).map(Int8Path::id))
                .containsExactly("avx512-vnni", "avx-vnni", "avx2", "neon-dotprod", "neon", "other");
        for (Int8Path p : Int8Path.values()) {
            assertThat(Int8Path.ofId(p.id())).isEqualTo(p);
        }
        assertThat(Int8Path.ofId("")).isEqualTo(Int8Path.OTHER);
        assertThat(Int8Path.ofId(null)).isEqualTo(Int8Path.OTHER);
        assertThat(Int8Path.ofId("sve2-i8mm")).as("a newer agent's path").isEqualTo(Int8Path.OTHER);
        assertThat(Int8Path.AVX2.label()).isEqualTo("AVX2 (no VNNI)");
    }

    @Test
    void thisComputerReportsThePathOfItsOwnCpuinfo() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        Int8Path expected = Files.isReadable(cpuinfo)
                ? Int8Path.of(System.getProperty("os.arch"), HostProbe.cpuFlags(Files.readAllLines(cpuinfo)))
                : Int8Path.OTHER;
        assertThat(HostProbe.int8Path()).isEqualTo(expected);
    }

    private static Set<String> flags(String sample) {
        try {
            return HostProbe.cpuFlags(Files.readAllLines(Path.of(Int8PathTest.class.getResource("/cpuinfo/" + sample)
                    .toURI())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
