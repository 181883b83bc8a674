package dev.lathe.app.cli;

import dev.lathe.engine.model.LayerInfo;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.model.pte.PteSummary;
import dev.lathe.engine.quantize.SaturationCheck;
import dev.lathe.engine.model.TensorInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import dev.lathe.app.LazyContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show what is inside a model: interface, parameters, weight bytes, ops and layers.")
final class InspectCommand implements Callable<Integer> {
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "An ONNX (.onnx), TorchScript (.pt) or ExecuTorch (.pte) file.")
    Path model;

    @Option(names = "--json", description = "Print JSON (fields in docs/cli.md).")
    boolean json;

    InspectCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (ModelFormat.detect(model) == ModelFormat.PTE) {
            return inspectPte(context.get().workbench().inspectPte(model));
        }
        ModelSummary s = context.get().workbench().inspect(model);
        SaturationCheck.Report int8 = context.get().workbench().saturation(model, s.format());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, InspectJson.of(s, int8));
            return 0;
        }
        // Every name below comes from the file: escaped, so a node name cannot move the cursor or set the title.
        out.printf("%s  (%s, %s)%n", esc(s.fileName()), s.format().displayName(), Output.bytes(s.fileBytes()));
        out.printf("  sha256      %s%n  producer    %s%n", s.sha256(), esc(s.producer()));
        s.irVersion().ifPresent(v -> out.printf("  IR version  %d, opsets %s%n", v, esc(s.opsets().toString())));
        out.printf("  parameters  %,d (%s of weights)%n", s.parameters(), Output.bytes(s.weightBytes()));
        s.inputs().forEach(t -> out.printf("  input       %s: %s%n", esc(t.name()), esc(t.describe())));
        s.outputs().forEach(t -> out.printf("  output      %s: %s%n", esc(t.name()), esc(t.describe())));
        out.printf("  ops         %s%n", esc(s.ops().toString()));
        if (int8.checked() > 0) {
            out.printf("  int8        %s%n", esc(int8.summary()));
        }
        out.println();
        out.printf("  %-40s %-20s %12s %12s %7s%n", "layer", "op", "parameters", "bytes", "share");
        for (LayerInfo l : s.layers()) {
            if (l.parameters() > 0) {
                out.printf(Locale.ROOT, "  %-40s %-20s %,12d %12s %6.1f%%%n", esc(l.name()), esc(l.op()), l.parameters(),
                        Output.bytes(l.bytes()), l.share() * 100);
            }
        }
        return 0;
    }

    private int inspectPte(PteSummary s) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Output.json(out, s);
            return 0;
        }
        out.printf("%s  (ExecuTorch program %s%s, %s)%n", esc(s.fileName()), esc(s.identifier()),
                s.extendedHeader() ? " + eh00" : "", Output.bytes(s.fileBytes()));
        out.printf("  constants   %s (%,d parameters in constant tensors)%n", Output.bytes(s.constantBytes()),
                s.parameters());
        if (s.namedDataBytes() > 0) {
            out.printf("  named data  %s (constants delegates read by key)%n", Output.bytes(s.namedDataBytes()));
        }
        out.printf("  segments    %d%s%n", s.segments().size(), s.segments().stream()
                .map(g -> " " + Output.bytes(g.bytes())).reduce("", String::concat));
        for (PteSummary.Method m : s.methods()) {
            out.printf("  method      %s: %d instructions, planned memory %s%s%n", esc(m.name()), m.instructions(),
                    Output.bytes(m.plannedBytes()), m.arenas().size() > 1 ? " in " + m.arenas().size() + " arenas "
                    + m.arenas().stream().map(Output::bytes).toList() : "");
            m.inputs().forEach(t -> out.printf("  input       %s%n", esc(t.describe())));
            m.outputs().forEach(t -> out.printf("  output      %s%n", esc(t.describe())));
            new java.util.TreeMap<>(m.operators()).forEach((op, n) -> out.printf("  operator    %-45s x%d%n",
                    esc(op), n));
            m.delegates().forEach(d -> out.printf("  delegate    %s (%s)%n", esc(d.backend()), Output.bytes(d.bytes())));
        }
        return 0;
    }

    private static String esc(String fromFile) {
        return TerminalText.escape(fromFile);
    }

    /** The int8 layers found and those whose weights can saturate x86 kernels without VNNI. */
    record Int8Json(int layers, List<SaturationCheck.Layer> saturating) {
    }

    /** The documented JSON form: shapes as lists of sizes, with symbolic dimensions as their names. */
    record InspectJson(String file, String format, String sha256, long fileBytes, String producer, Long irVersion,
                       Map<String, Long> opsets, List<TensorJson> inputs, List<TensorJson> outputs, long parameters,
                       long weightBytes, Map<String, Integer> ops, List<LayerInfo> layers, Map<String, String> metadata,
                       Int8Json int8) {
        static InspectJson of(ModelSummary s, SaturationCheck.Report int8) {
            return new InspectJson(s.fileName(), s.format().name().toLowerCase(Locale.ROOT), s.sha256(), s.fileBytes(),
                    s.producer(), s.irVersion().orElse(null), s.opsets(), TensorJson.of(s.inputs()),
                    TensorJson.of(s.outputs()), s.parameters(), s.weightBytes(), s.ops(), s.layers(), s.metadata(),
                    new Int8Json(int8.checked(), int8.atRisk()));
        }
    }

    record TensorJson(String name, String type, List<Object> shape) {
        static List<TensorJson> of(List<TensorInfo> tensors) {
            return tensors.stream().map(t -> new TensorJson(t.name(), t.type().displayName(),
                    t.shape().stream().map(d -> d.isFixed() ? (Object) d.size() : (Object) d.toString()).toList())).toList();
        }
    }
}
