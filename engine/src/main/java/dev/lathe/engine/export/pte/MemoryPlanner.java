package dev.lathe.engine.export.pte;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Greedy by size: the largest tensor is placed first, each at the lowest aligned offset where it overlaps no placed
 * tensor whose life overlaps its own. Tensors whose lives are disjoint share bytes.
 */
public final class MemoryPlanner {
    public static final int ALIGNMENT = 16;

    private MemoryPlanner() {
    }

    public static MemoryPlan plan(List<Lifetime> tensors) {
        List<Lifetime> order = new ArrayList<>(tensors);
        order.sort(Comparator.comparingLong(Lifetime::bytes).reversed().thenComparingInt(Lifetime::first));
        List<Placed> placed = new ArrayList<>();
        Map<Integer, Long> offsets = new HashMap<>();
        long arena = 0;
        for (Lifetime t : order) {
            long offset = lowestFreeOffset(t, placed);
            placed.add(new Placed(t, offset));
            offsets.put(t.value(), offset);
            arena = Math.max(arena, PteWriter.align(offset + t.bytes(), ALIGNMENT));
        }
        long naive = tensors.stream().mapToLong(t -> PteWriter.align(t.bytes(), ALIGNMENT)).sum();
        return new MemoryPlan(offsets, arena, naive, peakLive(tensors));
    }

    private static long lowestFreeOffset(Lifetime t, List<Placed> placed) {
        List<Placed> conflicts = new ArrayList<>();
        for (Placed p : placed) {
            if (p.tensor.overlaps(t)) {
                conflicts.add(p);
            }
        }
        conflicts.sort(Comparator.comparingLong(Placed::offset));
        long candidate = 0;
        for (Placed p : conflicts) {
            if (candidate + t.bytes() <= p.offset) {
                break;
            }
            candidate = Math.max(candidate, PteWriter.align(p.offset + p.tensor.bytes(), ALIGNMENT));
        }
        return candidate;
    }

    private static long peakLive(List<Lifetime> tensors) {
        int end = tensors.stream().mapToInt(Lifetime::last).max().orElse(-1);
        long peak = 0;
        for (int step = 0; step <= end; step++) {
            long live = 0;
            for (Lifetime t : tensors) {
                if (t.first() <= step && step <= t.last()) {
                    live += PteWriter.align(t.bytes(), ALIGNMENT);
                }
            }
            peak = Math.max(peak, live);
        }
        return peak;
    }

    private record Placed(Lifetime tensor, long offset) {
    }
}
