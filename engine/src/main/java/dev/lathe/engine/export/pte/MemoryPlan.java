package dev.lathe.engine.export.pte;

import java.util.Map;

/**
 * Where each planned tensor sits in the one activation arena. {@code naiveBytes} is the sum of all planned tensors
 * (each its own buffer); {@code peakLiveBytes} the largest sum of tensors alive at one instruction, the lower bound
 * any plan must meet.
 */
public record MemoryPlan(Map<Integer, Long> offsets, long arenaBytes, long naiveBytes, long peakLiveBytes) {
    public MemoryPlan {
        offsets = Map.copyOf(offsets);
    }
}
