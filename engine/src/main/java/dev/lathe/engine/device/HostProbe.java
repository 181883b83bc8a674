package dev.lathe.engine.device;

import dev.lathe.engine.hardware.Bf16;
import dev.lathe.engine.hardware.CpuFamily;
import dev.lathe.engine.hardware.Int8Path;
import dev.lathe.engine.runtime.ProcessMemory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads facts about this computer from the operating system (Linux /proc where available). */
public final class HostProbe {
    private HostProbe() {
    }

    /** This computer's CPU as /proc/cpuinfo names it, if it describes the CPU this JVM runs on; see below. */
    public static String cpuModel() {
        return cpuModel(System.getProperty("os.arch"), cpuinfo());
    }

    /**
     * The CPU model a /proc/cpuinfo gives for a JVM of architecture {@code arch} ({@code os.arch}): its "model name"
     * (x86, 32-bit ARM), "Model" (a Raspberry Pi's board), "Hardware" or "cpu model", else "aarch64 CPU". When it
     * describes a CPU of another family, the JVM runs emulated (QEMU user mode passes the host's /proc/cpuinfo
     * through): then the host's model is not this device's, and it says so ("aarch64 CPU (emulated on an x86 host)").
     */
    public static String cpuModel(String arch, List<String> cpuinfo) {
        CpuFamily described = CpuFamily.ofCpuinfo(cpuinfo);
        if (describesAnother(arch, described)) {
            return arch + " CPU (emulated on an " + described.label() + " host)";
        }
        for (String key : List.of("model name", "Model", "Hardware", "cpu model")) {
            Optional<String> v = value(cpuinfo, key);
            if (v.isPresent()) {
                return v.get();
            }
        }
        return arch + " CPU";
    }

    /** This computer's int8 path: the JVM's architecture with the CPU flags of /proc/cpuinfo; OTHER if unreadable. */
    public static Int8Path int8Path() {
        return Int8Path.of(System.getProperty("os.arch"), cpuFlags());
    }

    /** Whether this computer's CPU computes bf16 natively: the JVM's architecture with /proc/cpuinfo's flags. */
    public static Bf16 bf16() {
        return Bf16.of(System.getProperty("os.arch"), cpuFlags());
    }

    /**
     * The CPU flags of this computer (/proc/cpuinfo), or none where they cannot be read or describe another CPU family
     * than the JVM's (an emulated JVM reads its host's flags, which its instructions do not have).
     */
    public static Set<String> cpuFlags() {
        return cpuFlags(System.getProperty("os.arch"), cpuinfo());
    }

    /** The flags {@link #cpuFlags(List)} reads for a JVM of architecture {@code arch}: none for another family's. */
    public static Set<String> cpuFlags(String arch, List<String> cpuinfo) {
        return describesAnother(arch, CpuFamily.ofCpuinfo(cpuinfo)) ? Set.of() : cpuFlags(cpuinfo);
    }

    /**
     * The flags every processor of a /proc/cpuinfo lists: its {@code flags} lines on x86, {@code Features} on ARM. Only
     * those all cores share, since a thread may run on any of them (big.LITTLE cores may differ).
     */
    public static Set<String> cpuFlags(List<String> cpuinfo) {
        Set<String> common = null;
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            String key = colon > 0 ? line.substring(0, colon).trim() : "";
            if (key.equals("flags") || key.equals("Features")) {
                Set<String> flags = new LinkedHashSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
                flags.remove("");
                if (common == null) {
                    common = flags;
                } else {
                    common.retainAll(flags);
                }
            }
        }
        return common == null ? Set.of() : Set.copyOf(common);
    }

    public static long memoryBytes() {
        return value(lines("/proc/meminfo"), "MemTotal").map(HostProbe::kib).orElse(-1L);
    }

    /** Peak resident memory of this process (VmHWM), or -1 where the OS does not tell. */
    public static long peakRssBytes() {
        return ProcessMemory.peakRssBytes();
    }

    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this computer";
        }
    }

    private static long kib(String value) {
        return Long.parseLong(value.replace("kB", "").trim()) * 1024;
    }

    private static boolean describesAnother(String arch, CpuFamily described) {
        return described != CpuFamily.OTHER && described != CpuFamily.ofArch(arch);
    }

    private static List<String> cpuinfo() {
        return lines("/proc/cpuinfo");
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static Optional<String> value(List<String> lines, String key) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                return Optional.of(line.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }
}
