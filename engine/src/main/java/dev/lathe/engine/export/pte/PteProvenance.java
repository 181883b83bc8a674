package dev.lathe.engine.export.pte;

import dev.lathe.engine.export.ModelCard;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How a {@code .pte} was made from its source: the source file's hash, the input shape exported and where it came
 * from, the delegate asked for and the one the program calls, and what the program holds. The {@code executorch}
 * section of {@code <stem>.pte.provenance.json}.
 *
 * @param delegate     the delegate asked for ({@code xnnpack} or {@code none})
 * @param delegateUsed the one the program calls: {@code none} when no node went to the delegate asked for
 * @param kernels      what runs, as the program holds it
 * @param notes        what the export decided on its own (a delegate asked for and not used), empty when nothing
 */
public record PteProvenance(String source, String sourceSha256, String format, String schemaIdentifier,
        String method, List<List<Long>> inputShapes, String inputShapeFrom, String delegate, String delegateUsed,
        String kernels, SortedMap<String, Integer> operators, long constantBytes, long plannedArenaBytes,
        long naiveActivationBytes, long peakLiveBytes, long fileBytes, String fileSha256, List<String> notes) {

    public static PteProvenance of(String source, String sourceSha256, String inputShapeFrom, PteDelegate delegate,
            PteExport export, String fileSha256) {
        boolean delegated = export.program().instructions().stream().anyMatch(i -> i instanceof DelegateCall);
        return new PteProvenance(source, sourceSha256, "executorch-pte", PteWriter.IDENTIFIER, OnnxToPte.METHOD,
                export.inputShapes(), inputShapeFrom, delegate.cliName(),
                delegated ? delegate.cliName() : PteDelegate.NONE.cliName(), kernels(export.program()),
                new TreeMap<>(export.operatorCounts()), export.program().constantBytes(), export.plan().arenaBytes(),
                export.plan().naiveBytes(), export.plan().peakLiveBytes(), export.bytes().length, fileSha256,
                export.notes());
    }

    /** What runs, as the program holds it (not as asked): delegate calls and portable kernel calls. */
    public static String kernels(PteProgram program) {
        long delegated = program.instructions().stream().filter(i -> i instanceof DelegateCall).count();
        long portable = program.instructions().size() - delegated;
        return delegated == 0 ? "portable (" + portable + " kernel calls, no delegate)"
                : String.format(Locale.ROOT, "XnnpackBackend (%d delegate calls, %,d bytes) + portable (%d "
                        + "kernel calls)", delegated, program.delegateBytes(), portable);
    }

    public PteProvenance {
        inputShapes = List.copyOf(inputShapes);
        operators = new TreeMap<>(Map.copyOf(operators));
        notes = List.copyOf(notes);
    }

    /** The program's part of its model card. */
    ModelCard.Program card(String fileName) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Format", "ExecuTorch program (" + schemaIdentifier + "), method `" + method + "`");
        facts.put("Delegate", delegate + " asked, " + delegateUsed + " used");
        facts.put("What runs", kernels);
        if (!notes.isEmpty()) {
            facts.put("Notes", String.join("; ", notes));
        }
        facts.put("Input shape", inputShapes.stream().map(PteProvenance::shape).collect(Collectors.joining(", "))
                + " (from " + inputShapeFrom + ")");
        facts.put("Operator calls", operators.isEmpty() ? "none"
                : operators.entrySet().stream().map(e -> "`" + e.getKey() + "` ×" + e.getValue())
                .collect(Collectors.joining(", ")));
        facts.put("Constants", String.format(Locale.ROOT, "%,d bytes", constantBytes));
        facts.put("Activations", String.format(Locale.ROOT, "planned in %,d bytes (each tensor its own buffer: %,d; "
                + "peak live: %,d)", plannedArenaBytes, naiveActivationBytes, peakLiveBytes));
        facts.put("File size", String.format(Locale.ROOT, "%,d bytes", fileBytes));
        facts.put("SHA-256", "`" + fileSha256 + "`");
        return new ModelCard.Program(fileName, "ExecuTorch program lowered by Lathe from `" + source + "` (SHA-256 `"
                + sourceSha256 + "`). Lathe has not measured this program's accuracy or latency: the figures below "
                + "are the source model's, on the devices they name.", facts);
    }

    private static String shape(List<Long> dims) {
        return dims.stream().map(String::valueOf).collect(Collectors.joining("×"));
    }
}
