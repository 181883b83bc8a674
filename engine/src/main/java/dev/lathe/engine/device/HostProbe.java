package dev.lathe.engine.device;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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

    public static long memoryBytes() {
        return procValue("/proc/meminfo", "MemTotal").map(HostProbe::kib).orElse(-1L);
    }

    /** Peak resident memory of this process (VmHWM), or -1 where the OS does not tell. */
    public static long peakRssBytes() {
        return procValue("/proc/self/status", "VmHWM").map(HostProbe::kib).orElse(-1L);
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
