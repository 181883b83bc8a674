package dev.lathe.engine.device;

import dev.lathe.engine.hardware.Bf16;
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

    public static String cpuModel() {
        for (String key : List.of("model name", "Model", "Hardware", "cpu model")) {
            Optional<String> v = procValue("/proc/cpuinfo", key);
            if (v.isPresent()) {
                return v.get();
            }
        }
        return System.getProperty("os.arch") + " CPU";
    }

    /** This computer's int8 path: the JVM's architecture with the CPU flags of /proc/cpuinfo; OTHER if unreadable. */
    public static Int8Path int8Path() {
        return Int8Path.of(System.getProperty("os.arch"), cpuFlags());
    }

    /** Whether this computer's CPU computes bf16 natively: the JVM's architecture with /proc/cpuinfo's flags. */
    public static Bf16 bf16() {
        return Bf16.of(System.getProperty("os.arch"), cpuFlags());
    }

    /** The CPU flags of this computer (/proc/cpuinfo), or none where they cannot be read. */
    public static Set<String> cpuFlags() {
        try {
            return cpuFlags(Files.readAllLines(Path.of("/proc/cpuinfo")));
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
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
        return procValue("/proc/meminfo", "MemTotal").map(HostProbe::kib).orElse(-1L);
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

    private static Optional<String> procValue(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
