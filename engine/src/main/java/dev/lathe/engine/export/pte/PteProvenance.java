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
        String method, List<List<Long>> inputShapes, String inputShapeFrom, String delegate, String kernels,
        SortedMap<String, Integer> operators, long constantBytes, long plannedArenaBytes, long naiveActivationBytes,
        long peakLiveBytes, long fileBytes, String fileSha256) {

    public static PteProvenance of(String source, String sourceSha256, String inputShapeFrom, PteDelegate delegate,
            PteExport export, String fileSha256) {
        return new PteProvenance(source, sourceSha256, "executorch-pte", PteWriter.IDENTIFIER, OnnxToPte.METHOD,
                export.inputShapes(), inputShapeFrom, delegate.cliName(), kernels(export.program()),
                new TreeMap<>(export.operatorCounts()), export.program().constantBytes(), export.plan().arenaBytes(),
                export.plan().naiveBytes(), export.plan().peakLiveBytes(), export.bytes().length, fileSha256);
    }

    /** What runs, as the program holds it (not as asked): delegate calls and portable kernel calls. */
    public static String kernels(PteProgram program) {
        long delegated = program.instructions().stream().filter(i -> i instanceof DelegateCall).count();
        long portable = program.instructions().size() - delegated;
        return delegated == 0 ? "portable (" + portable + " kernel calls, no delegate)"
                : String.format(java.util.Locale.ROOT, "XnnpackBackend (%d delegate calls, %,d bytes) + portable (%d "
                        + "kernel calls)", delegated, program.delegateBytes(), portable);
    }

    public PteProvenance {
        inputShapes = List.copyOf(inputShapes);
        operators = new TreeMap<>(Map.copyOf(operators));
    }
}
