package dev.lathe.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The resident memory of this process as the system counts it: what running a model costs a small board. */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** The peak resident set size of this process in bytes (VmHWM), or -1 where the system does not say. */
    public static long peakRssBytes() {
        return peakRssBytes(Path.of("/proc/self/status"));
    }

    /** The peak resident set size of process {@code pid} (a runner this one started), or -1 where unknown. */
    public static long peakRssBytes(long pid) {
        return peakRssBytes(Path.of("/proc", Long.toString(pid), "status"));
    }

    private static long peakRssBytes(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
