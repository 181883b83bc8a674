package dev.lathe.app.cli;

import dev.lathe.app.LazyContext;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.store.ModelRecord;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "fidelity", mixinStandardHelpOptions = true,
        description = "Compare a variant's outputs with its parent's on the same inputs: a dataset, or seeded synthetic "
                + "inputs; with --device, the variant runs on a paired board against the parent run here.")
final class FidelityCommand implements Callable<Integer> {
    static final int DEFAULT_SYNTHETIC = 256;

    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PARENT", description = "The reference model (.onnx).")
    Path parent;

    @Parameters(index = "1", paramLabel = "VARIANT", description = "The model to compare with it (.onnx).")
    Path variant;

    @Option(names = "--data", paramLabel = "DATASET", description = "Compare on this dataset's examples.")
    Path data;

    @Option(names = "--samples", paramLabel = "N",
            description = "Synthetic inputs to compare on (default " + DEFAULT_SYNTHETIC + "); with --data, the first N examples (default all).")
    Integer samples;

    @Option(names = "--device", paramLabel = "HOST:PORT|local", defaultValue = DeviceArg.LOCAL,
            description = "Where VARIANT runs: this computer (default) or a paired agent (see lathe devices); PARENT "
                    + "always runs here.")
    String device;

    @Option(names = "--json", description = "Print JSON (fields in docs/cli.md).")
    boolean json;

    FidelityCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (samples != null && samples < 1) {
            throw new ParameterException(spec.commandLine(), "--samples must be 1 or more");
        }
        int n = samples != null ? samples : data == null ? DEFAULT_SYNTHETIC : 0;
        var workbench = context.get().workbench();
        ModelRecord a = workbench.open(parent);
        ModelRecord b = workbench.open(variant);
        FidelityReport r;
        Optional<DeviceFingerprint> board;
        String key = DeviceArg.isLocal(device) ? DeviceArg.LOCAL : device;
        board = DeviceArg.isLocal(device) ? Optional.empty() : Optional.of(DeviceArg.device(workbench, key).describe());
        try (CommandProgress progress = CommandProgress.open(spec, json)) {
            r = workbench.fidelity(a, b, key, Optional.ofNullable(data), n, progress);
        }
        print(a, b, board, r, spec.commandLine().getOut());
        return 0;
    }

    private void print(ModelRecord a, ModelRecord b, Optional<DeviceFingerprint> board, FidelityReport r,
                       PrintWriter out) {
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("parent", a.name());
            j.put("parentSha256", a.sha256());
            j.put("variant", b.name());
            j.put("variantSha256", b.sha256());
            j.put("inputs", r.inputs());
            j.put("samples", r.samples());
            j.put("cosine", r.cosine());
            j.put("maxAbsError", r.maxAbsError());
            j.put("top1Agreement", r.top1Agreement());
            board.ifPresent(d -> j.put("device", d));
            Output.json(out, j);
            return;
        }
        if (board.isPresent()) {
            out.printf("%s on %s against %s on this computer, %d examples: %s%n", b.name(), board.get().name(),
                    a.name(), r.samples(), r.inputs());
        } else {
            out.printf("%s against %s on %d examples, %s%n", b.name(), a.name(), r.samples(), r.inputs());
        }
        out.printf(Locale.ROOT, "  cosine          %.6f%n  max abs error   %.6g%n  top-1 agreement %s%s%n",
                r.cosine(), r.maxAbsError(), Output.percent(r.top1Agreement()),
                r.synthetic() ? " on synthetic inputs" : " on " + r.inputs());
        if (r.synthetic()) {
            out.printf("  (%s; give --data for the figure on real data)%n", FidelityReport.WHY_SYNTHETIC_IS_LOWER);
        }
        board.ifPresent(d -> {
            out.printf("  board           %s%n", d.describe());
            if (a.sha256().equals(b.sha256())) {
                out.printf("  the same model on both: the differences are what %s's runtime changes%n", d.name());
            }
        });
    }
}
