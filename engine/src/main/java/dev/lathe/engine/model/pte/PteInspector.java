package dev.lathe.engine.model.pte;

import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.LayerInfo;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.model.TensorInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ExecuTorch program as a model in the store: the interface of its main method ({@code forward}, else the
 * first), its calls as layers, its constants as weights. ExecuTorch names no inputs or outputs, so they are called
 * by position; what only a program has (methods, delegates, arenas, segments) stays in its {@link PteSummary}.
 */
public final class PteInspector {
    private static final Map<String, ElementType> TYPES = Map.ofEntries(Map.entry("FLOAT", ElementType.FLOAT),
            Map.entry("DOUBLE", ElementType.DOUBLE), Map.entry("HALF", ElementType.FLOAT16),
            Map.entry("BFLOAT16", ElementType.BFLOAT16), Map.entry("CHAR", ElementType.INT8),
            Map.entry("BYTE", ElementType.UINT8), Map.entry("SHORT", ElementType.INT16),
            Map.entry("UINT16", ElementType.UINT16), Map.entry("INT", ElementType.INT32),
            Map.entry("UINT32", ElementType.UINT32), Map.entry("LONG", ElementType.INT64),
            Map.entry("UINT64", ElementType.UINT64), Map.entry("BOOL", ElementType.BOOL));

    private PteInspector() {
    }

    public static ModelSummary summarize(PteSummary pte, String sha256) {
        Optional<PteSummary.Method> main = pte.mainMethod();
        List<TensorInfo> inputs = main.map(m -> tensors("input", m.inputs())).orElse(List.of());
        List<TensorInfo> outputs = main.map(m -> tensors("output", m.outputs())).orElse(List.of());
        Map<String, Integer> ops = new LinkedHashMap<>();
        main.ifPresent(m -> m.operators().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> ops.put(e.getKey(), e.getValue())));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("schema", pte.identifier());
        metadata.put("methods", String.join(", ", pte.methods().stream().map(PteSummary.Method::name).toList()));
        return new ModelSummary(pte.fileName(), ModelFormat.PTE, sha256, pte.fileBytes(), "", Optional.empty(),
                Map.of(), inputs, outputs, pte.parameters(), pte.constantBytes() + pte.namedDataBytes(), ops,
                main.map(PteInspector::layers).orElse(List.of()), metadata);
    }

    private static List<TensorInfo> tensors(String kind, List<PteSummary.TensorDesc> tensors) {
        List<TensorInfo> out = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            PteSummary.TensorDesc t = tensors.get(i);
            out.add(new TensorInfo(kind + " " + i, TYPES.getOrDefault(t.dtype(), ElementType.OTHER),
                    t.shape().stream().map(Dim::fixed).toList()));
        }
        return out;
    }

    /** One layer per call, numbered as the method runs them; a share is of all the calls' bytes. */
    private static List<LayerInfo> layers(PteSummary.Method method) {
        long total = method.calls().stream().mapToLong(PteSummary.Call::bytes).sum();
        List<LayerInfo> out = new ArrayList<>();
        for (int i = 0; i < method.calls().size(); i++) {
            PteSummary.Call c = method.calls().get(i);
            out.add(new LayerInfo(method.name() + " #" + i, c.op(), c.parameters(), c.bytes(),
                    total == 0 ? 0 : (double) c.bytes() / total));
        }
        return out;
    }
}
