package dev.lathe.engine.device;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads this computer's thermal zones, CPU frequencies and memory from Linux's /sys and /proc, so a run on a board
 * can show whether it throttled. Virtual machines and most desktops expose no thermal zones; then the lists are empty.
 */
public final class HostTelemetry {
    private final Path sys;
    private final Path proc;

    public HostTelemetry() {
        this(Path.of("/sys"), Path.of("/proc"));
    }

    /** Reads from other roots than / (tests point these at folders shaped like /sys and /proc). */
    public HostTelemetry(Path sys, Path proc) {
        this.sys = sys;
        this.proc = proc;
    }

    /** The names of the thermal zones ("cpu-thermal", "x86_pkg_temp"...), in the order readings are given. */
    public List<String> thermalSensors() {
        List<String> names = new ArrayList<>();
        for (Path zone : thermalZones()) {
            names.add(read(zone.resolve("type")).orElse(zone.getFileName().toString()));
        }
        return names;
    }

    public TelemetrySample sample() {
        List<Double> temps = new ArrayList<>();
        for (Path zone : thermalZones()) {
            temps.add(read(zone.resolve("temp")).flatMap(HostTelemetry::parseLong).map(milli -> milli / 1000.0)
                    .orElse(Double.NaN));
        }
        List<Long> freqs = new ArrayList<>();
        for (Path cpu : sorted(sys.resolve("devices/system/cpu"), "cpu[0-9]*")) {
            read(cpu.resolve("cpufreq/scaling_cur_freq")).flatMap(HostTelemetry::parseLong).ifPresent(freqs::add);
        }
        return new TelemetrySample(System.currentTimeMillis(), temps, freqs, meminfo("MemAvailable"),
                meminfo("MemTotal"));
    }

    private List<Path> thermalZones() {
        return sorted(sys.resolve("class/thermal"), "thermal_zone*");
    }

    private long meminfo(String key) {
        Optional<String> text = read(proc.resolve("meminfo"));
        if (text.isEmpty()) {
            return -1;
        }
        for (String line : text.get().split("\n")) {
            if (line.startsWith(key + ":")) {
                return parseLong(line.substring(key.length() + 1).replace("kB", "").trim()).map(k -> k * 1024)
                        .orElse(-1L);
            }
        }
        return -1;
    }

    /** Sorted by the number in the name, so thermal_zone10 comes after thermal_zone9. */
    private static List<Path> sorted(Path dir, String glob) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
            entries.forEach(found::add);
        } catch (IOException e) {
            return List.of();
        }
        found.sort((a, b) -> Long.compare(number(a), number(b)));
        return found;
    }

    private static long number(Path p) {
        String digits = p.getFileName().toString().replaceAll("\\D", "");
        return digits.isEmpty() ? -1 : Long.parseLong(digits);
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> parseLong(String s) {
        try {
            return Optional.of(Long.parseLong(s.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
