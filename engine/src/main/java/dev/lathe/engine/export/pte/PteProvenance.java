package dev.lathe.engine.export.pte;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How a {@code .pte} was made: the source file's hash, the input shape exported and where it came from, and what the
 * program holds. Written beside the program as {@code <stem>.pte.provenance.json}.
 */
public record PteProvenance(String source, String sourceSha256, String format, String schemaIdentifier,
        String method, List<List<Long>> inputShapes, String inputShapeFrom, String kernels,
        SortedMap<String, Integer> operators, long constantBytes, long plannedArenaBytes, long naiveActivationBytes,
        long peakLiveBytes, long fileBytes, String fileSha256) {

    public static PteProvenance of(String source, String sourceSha256, String inputShapeFrom, PteExport export,
            String fileSha256) {
        return new PteProvenance(source, sourceSha256, "executorch-pte", PteWriter.IDENTIFIER, OnnxToPte.METHOD,
                export.inputShapes(), inputShapeFrom, "portable (fp32, no delegate)",
                new TreeMap<>(export.operatorCounts()), export.program().constantBytes(), export.plan().arenaBytes(),
                export.plan().naiveBytes(), export.plan().peakLiveBytes(), export.bytes().length, fileSha256);
    }

    public PteProvenance {
        inputShapes = List.copyOf(inputShapes);
        operators = new TreeMap<>(Map.copyOf(operators));
    }
}
