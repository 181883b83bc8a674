package dev.lathe.engine.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostTelemetryTest {
    @TempDir
    Path root;

    @Test
    void readsThermalZonesInNumericOrderAndFrequenciesAndMemory() throws Exception {
        zone(10, "gpu-thermal", "41000");
        zone(2, "cpu-thermal", "55312");
        cpu(0, "1800000");
        cpu(1, "600000");
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal:        3884376 kB\nMemAvailable:    2000000 kB\n");
        HostTelemetry telemetry = new HostTelemetry(root.resolve("sys"), root.resolve("proc"));

        assertThat(telemetry.thermalSensors()).containsExactly("cpu-thermal", "gpu-thermal");
        TelemetrySample s = telemetry.sample();
        assertThat(s.temperaturesCelsius()).containsExactly(55.312, 41.0);
        assertThat(s.cpuFrequenciesKhz()).containsExactly(1_800_000L, 600_000L);
        assertThat(s.memoryTotalBytes()).isEqualTo(3_884_376L * 1024);
        assertThat(s.memoryAvailableBytes()).isEqualTo(2_000_000L * 1024);
    }

    @Test
    void aMachineWithoutSensorsReportsNoneRatherThanInventingThem() {
        HostTelemetry telemetry = new HostTelemetry(root.resolve("sys"), root.resolve("proc"));
        assertThat(telemetry.thermalSensors()).isEmpty();
        TelemetrySample s = telemetry.sample();
        assertThat(s.temperaturesCelsius()).isEmpty();
        assertThat(s.cpuFrequenciesKhz()).isEmpty();
        assertThat(s.memoryTotalBytes()).isEqualTo(-1);
    }

    private void zone(int n, String type, String milliCelsius) throws Exception {
        Path zone = Files.createDirectories(root.resolve("sys/class/thermal/thermal_zone" + n));
        Files.writeString(zone.resolve("type"), type + "\n");
        Files.writeString(zone.resolve("temp"), milliCelsius + "\n");
    }

    private void cpu(int n, String khz) throws Exception {
        Path freq = Files.createDirectories(root.resolve("sys/devices/system/cpu/cpu" + n + "/cpufreq"));
        Files.writeString(freq.resolve("scaling_cur_freq"), khz + "\n");
    }
}
