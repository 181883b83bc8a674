package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.provenance.Provenance;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.variant.Remaker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "remake", mixinStandardHelpOptions = true,
        description = "Make a variant again from its provenance: the recorded step with the parameters it ran with "
                + "and its seed, on its parent and datasets (checked by hash first). Says whether the new file is "
                + "the recorded one byte for byte, and if not, how far it is from it. The new variant is stored.")
final class ProvenanceRemakeCommand implements Callable<Integer> {
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROVENANCE", description = "A <name>.provenance.json, or a variant file "
            + "the store knows.")
    Path provenance;

    @Option(names = "--model", required = true, paramLabel = "PARENT", description = "The model the variant was made "
            + "from (its SHA-256 is checked).")
    Path model;

    @Option(names = "--calib", paramLabel = "DATASET", description = "The calibration set it was made with (static "
            + "quantization, accuracy budget).")
    Path calib;

    @Option(names = "--train", paramLabel = "DATASET", description = "The training set it was made with (finetune, "
            + "gradual prune, distill).")
    Path train;

    @Option(names = "--json", description = "Print JSON (fields in docs/cli.md).")
    boolean json;

    ProvenanceRemakeCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        var workbench = context.get().workbench();
        Provenance recorded = workbench.provenance(provenance);
        ModelArgs.requireRecipeParent(model);
        ModelRecord parent = workbench.open(model);
        Remaker.Remade r;
        try (CommandProgress progress = CommandProgress.open(spec, json)) {
            r = workbench.remake(recorded, parent, Optional.ofNullable(calib), Optional.ofNullable(train), progress);
        }
        print(r, spec.commandLine().getOut());
        return 0;
    }

    private void print(Remaker.Remade r, PrintWriter out) {
        ModelRecord made = r.variant().model();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", made.name());
            j.put("path", made.path().toString());
            j.put("sha256", made.sha256());
            j.put("fileBytes", made.fileBytes());
            j.put("recordedSha256", r.recordedSha256().orElse(null));
            j.put("identical", r.identical());
            r.recordedBytes().ifPresent(b -> j.put("recordedFileBytes", b));
            r.fidelity().ifPresent(f -> j.put("fidelity", f));
            j.put("notes", r.notes());
            Output.json(out, j);
            return;
        }
        out.printf("%s  %s  %s%n", made.name(), made.shortHash(), made.path());
        if (r.identical()) {
            out.println("  byte-identical to the recorded variant (SHA-256 " + made.sha256() + ")");
        } else if (r.recordedSha256().isPresent()) {
            out.println("  differs from the recorded variant " + r.recordedSha256().get().substring(0, 12) + "…"
                    + difference(r, made));
        }
        r.notes().forEach(n -> out.println("  note: " + n));
    }

    private static String difference(Remaker.Remade r, ModelRecord made) {
        if (r.recordedBytes().isEmpty() || r.fidelity().isEmpty()) {
            return "";
        }
        FidelityReport f = r.fidelity().get();
        return String.format(Locale.ROOT, ": %s against %s recorded; on %d synthetic inputs cosine %.6f, max abs "
                + "error %.4g, top-1 agreement %s", Output.bytes(made.fileBytes()), Output.bytes(r.recordedBytes().get()),
                f.samples(), f.cosine(), f.maxAbsError(), Output.percent(f.top1Agreement()));
    }
}
