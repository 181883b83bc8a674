package dev.lathe.engine.hardware;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a CPU computes bfloat16 itself or has it emulated: x86 with AVX-512 BF16 ({@code avx512_bf16}) or AMX
 * ({@code amx_bf16}) multiplies bf16 in hardware, as does ARM with the BF16 extension ({@code bf16} in Features);
 * elsewhere a runtime widens bf16 to fp32 in software, which costs time and can change results. Derived like
 * {@link Int8Path}, from the JVM's architecture and the flags of /proc/cpuinfo.
 *
 * <p>The {@link #id()} is the stable form in JSON, the store and the device protocol.
 */
public enum Bf16 {
    NATIVE("native"),
    /** No bf16 instructions, flags that could not be read, or an agent older than protocol 1.3: not claimed native. */
    EMULATED("emulated");

    private final String id;

    Bf16(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** A few words for screens: "bf16 native", "bf16 emulated". */
    public String label() {
        return "bf16 " + id;
    }

    /** The value with this id; an unknown or blank id (an older agent's silence, a newer one's word) is EMULATED. */
    @JsonCreator
    public static Bf16 ofId(String id) {
        return NATIVE.id.equals(id == null ? "" : id.strip()) ? NATIVE : EMULATED;
    }

    /**
     * Whether a CPU of architecture {@code arch} (the JVM's {@code os.arch}) with {@code cpuFlags} (/proc/cpuinfo's
     * {@code flags} on x86, {@code Features} on ARM) computes bf16 natively. The architecture comes from the JVM, not
     * from the flags, because QEMU user mode shows the host's /proc/cpuinfo to an emulated program.
     */
    public static Bf16 of(String arch, Collection<String> cpuFlags) {
        CpuFamily family = CpuFamily.ofArch(arch);
        Set<String> flags = cpuFlags.stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        if (family == CpuFamily.X86) {
            return flags.contains("avx512_bf16") || flags.contains("amx_bf16") ? NATIVE : EMULATED;
        }
        if (family == CpuFamily.ARM) {
            return flags.contains("bf16") ? NATIVE : EMULATED;
        }
        return EMULATED;
    }
}
