package dev.lathe.engine.export.pte;

import java.util.List;
import java.util.Map;

/**
 * A lowered model: the {@code .pte} bytes and what they hold: the input shapes exported (dynamic dimensions fixed),
 * the memory plan's figures and the kernel calls by operator, and {@code notes}: what the export decided on its own
 * (a delegate asked for and not used, casts inserted), in words a user reads.
 */
public record PteExport(byte[] bytes, PteProgram program, MemoryPlan plan, Map<String, Integer> operatorCounts,
        List<List<Long>> inputShapes, List<String> notes) {
    public PteExport {
        operatorCounts = Map.copyOf(operatorCounts);
        inputShapes = List.copyOf(inputShapes);
        notes = List.copyOf(notes);
    }
}
