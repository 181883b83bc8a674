package dev.lathe.engine.hardware;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The instruction-set family of a CPU, as far as Lathe's hardware facts depend on it: which flags name what, and
 * whether a /proc/cpuinfo describes the CPU a JVM runs on at all. QEMU user mode passes the host's /proc/cpuinfo
 * through to the program it emulates, so an aarch64 JVM on an x86 host reads an x86 CPU's model and flags there.
 */
public enum CpuFamily {
    X86("x86"),
    ARM("ARM"),
    /** Another architecture (RISC-V, POWER …), or a /proc/cpuinfo that says nothing about its family. */
    OTHER("other");

    private static final Set<String> X86_ARCHS = Set.of("amd64", "x86_64", "x86-64", "x86", "i386", "i486", "i586",
            "i686");
    private static final Set<String> ARM_ARCHS = Set.of("aarch64", "arm64", "arm");

    private final String label;

    CpuFamily(String label) {
        this.label = label;
    }

    /** "x86", "ARM": a word for messages. */
    public String label() {
        return label;
    }

    /** The family of an architecture as the JVM names it ({@code os.arch}: amd64, aarch64, arm, armv7l …). */
    public static CpuFamily ofArch(String arch) {
        String a = arch == null ? "" : arch.strip().toLowerCase(Locale.ROOT);
        if (X86_ARCHS.contains(a)) {
            return X86;
        }
        return ARM_ARCHS.contains(a) || a.startsWith("armv") ? ARM : OTHER;
    }

    /**
     * The family a /proc/cpuinfo describes, from the keys only each one's kernel writes: {@code vendor_id} and
     * {@code flags} on x86, {@code CPU implementer} and {@code Features} on ARM; OTHER when it has neither.
     */
    public static CpuFamily ofCpuinfo(List<String> cpuinfo) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            String key = colon > 0 ? line.substring(0, colon).trim() : "";
            if (key.equals("vendor_id") || key.equals("flags")) {
                return X86;
            }
            if (key.equals("CPU implementer") || key.equals("Features")) {
                return ARM;
            }
        }
        return OTHER;
    }
}
