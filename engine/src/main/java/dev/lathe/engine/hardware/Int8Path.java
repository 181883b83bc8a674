package dev.lathe.engine.hardware;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which integer dot-product instructions a CPU gives ONNX Runtime's int8 kernels. It decides accuracy as well as
 * speed: without VNNI, x86 kernels multiply u8 activations by s8 weights with {@code vpmaddubsw}, which adds each pair
 * of products into a saturating 16-bit lane, so a model whose weights use the full int8 range loses accuracy there
 * (measured: −1.75 pp top-1 on an AVX2-only EPYC). VNNI (AVX-512 or AVX) and ARM NEON, with or without dot-product,
 * sum into 32 bits. An accuracy measured on one path therefore does not carry over to another.
 *
 * <p>The {@link #id()} is the stable form in JSON, the store and the device protocol.
 */
public enum Int8Path {
    AVX512_VNNI("avx512-vnni", "AVX-512 VNNI"),
    AVX_VNNI("avx-vnni", "AVX-VNNI"),
    /** AVX2 without VNNI; AVX-512 without VNNI (Skylake-SP) multiplies with the same vpmaddubsw, so it is this too. */
    AVX2("avx2", "AVX2 (no VNNI)"),
    NEON_DOTPROD("neon-dotprod", "NEON dot-product"),
    NEON("neon", "NEON (no dot-product)"),
    /** Any other CPU, or one whose flags could not be read (also an older agent that does not report its path). */
    OTHER("other", "other");

    private final String id;
    private final String label;

    Int8Path(String id, String label) {
        this.id = id;
        this.label = label;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** A few words for screens: "AVX2 (no VNNI)", "NEON dot-product". */
    public String label() {
        return label;
    }

    /**
     * True only for {@link #AVX2}: its 16-bit pair sums saturate when full-range weights meet large activations. x86
     * without AVX2 ({@link #OTHER}, rare: SSE only) runs ONNX Runtime's SSE2 kernel on Linux, which widens both
     * operands to 16 bits and multiplies with {@code pmaddwd} into 32 bits, so it does not saturate; and a CPU Lathe
     * could not identify is not claimed to.
     */
    public boolean saturatesFullRangeWeights() {
        return this == AVX2;
    }

    /** The path with this id; an unknown or blank id (a newer agent's path, an older one's silence) is OTHER. */
    @JsonCreator
    public static Int8Path ofId(String id) {
        for (Int8Path p : values()) {
            if (p.id.equals(id == null ? "" : id.strip())) {
                return p;
            }
        }
        return OTHER;
    }

    /**
     * The path of a CPU of architecture {@code arch} (as the JVM names it, {@code os.arch}) with {@code cpuFlags} (the
     * {@code flags} of /proc/cpuinfo on x86, its {@code Features} on ARM). The architecture comes from the JVM, not
     * from the flags, because QEMU user mode shows the host's /proc/cpuinfo to an emulated program.
     */
    public static Int8Path of(String arch, Collection<String> cpuFlags) {
        CpuFamily family = CpuFamily.ofArch(arch);
        Set<String> flags = cpuFlags.stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        if (family == CpuFamily.X86) {
            return flags.contains("avx512_vnni") ? AVX512_VNNI
                    : flags.contains("avx_vnni") ? AVX_VNNI
                    : flags.contains("avx2") ? AVX2
                    : OTHER;
        }
        if (family == CpuFamily.ARM) {
            return flags.contains("asimddp") ? NEON_DOTPROD
                    : flags.contains("asimd") || flags.contains("neon") ? NEON
                    : OTHER;
        }
        return OTHER;
    }
}
