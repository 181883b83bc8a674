package dev.lathe.engine.device;

import java.util.List;

/**
 * What a board's sensors said at one moment during a run. Lists are empty where the board exposes no such sensor:
 * a missing reading is shown as "not available", never estimated. Memory figures are -1 where unknown.
 */
public record TelemetrySample(long epochMillis, List<Double> temperaturesCelsius, List<Long> cpuFrequenciesKhz,
                              long memoryAvailableBytes, long memoryTotalBytes) {
    public TelemetrySample {
        temperaturesCelsius = List.copyOf(temperaturesCelsius);
        cpuFrequenciesKhz = List.copyOf(cpuFrequenciesKhz);
    }
}
