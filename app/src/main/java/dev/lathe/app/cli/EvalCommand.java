package dev.lathe.app.cli;

import dev.lathe.engine.data.Layout;
import dev.lathe.engine.data.PreprocessingOverrides;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.store.AccuracyGap;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.hardware.DeviceFingerprint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import dev.lathe.app.LazyContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Measure a classifier's accuracy on a labelled dataset, on this computer, and store the result.")
final class EvalCommand implements Callable<Integer> {
    private final LazyContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "An ONNX (.onnx) or TorchScript (.pt) file.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DATASET",
            description = "IDX images file (labels beside it), a folder with an IDX pair, a folder of class folders, or a CSV file.")
    Path data;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate only the first N examples (default: all).")
    int limit;

    @Option(names = "--input-shape", paramLabel = "SHAPE", converter = InputShape.Converter.class,
            description = "Input shape for models that declare none (TorchScript), like 1x1x28x28.")
    InputShape inputShape;

    @Option(names = "--mean", split = ",", paramLabel = "M", description = "Per-channel mean after scaling (default 0).")
    List<Double> mean;

    @Option(names = "--std", split = ",", paramLabel = "S", description = "Per-channel std after scaling (default 1).")
    List<Double> std;

    @Option(names = "--scale", paramLabel = "F", description = "Multiply pixels by F first (default 1/255 for images).")
    Double scale;

    @Option(names = "--layout", paramLabel = "L", description = "NCHW, NHWC or FLAT (default: from the model's input).")
    Layout layout;

    @Option(names = "--resize", description = "Resize images to the model's input size (bilinear).")
    boolean resize;

    @Option(names = "--label-column", paramLabel = "NAME", description = "CSV column holding the label.")
    String labelColumn;

    @Option(names = "--device", paramLabel = "HOST:PORT|local", defaultValue = DeviceArg.LOCAL,
            description = "Where to run: this computer (default) or a paired agent (see lathe devices).")
    String device;

    @Option(names = "--json", description = "Print JSON (fields in docs/cli.md).")
    boolean json;

    EvalCommand(LazyContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (limit < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 (all) or more");
        }
        var workbench = context.get().workbench();
        if (DeviceArg.LOCAL.equals(device)) {
            workbench.devices().startThisComputer();
        }
        ModelRecord record = ModelArgs.open(workbench, model, Optional.ofNullable(inputShape).map(InputShape::dims));
        PreprocessingOverrides overrides = new PreprocessingOverrides(Optional.ofNullable(layout),
                Optional.ofNullable(mean), Optional.ofNullable(std), Optional.ofNullable(scale), resize);
        EvalRequest request = new EvalRequest(data, Optional.ofNullable(labelColumn), overrides, limit);
        StoredEvaluation stored;
        PrintWriter err = spec.commandLine().getErr();
        List<String> warnings;
        Device on = DeviceArg.device(workbench, device);
        try (CommandProgress progress = CommandProgress.open(spec, json)) {
            warnings = SaturationNotice.warn(workbench, record, on.describe(), err);
            stored = workbench.evaluate(record, on, request, progress);
        }
        String here = workbench.thisComputer().id();
        Optional<AccuracyGap> gap = againstThisComputer(workbench.evaluations(record), stored, here);
        print(stored, gap, warnings, here, spec.commandLine().getOut());
        return 0;
    }

    /** This run against this computer's latest evaluation of the same model on the same examples, if any. */
    static Optional<AccuracyGap> againstThisComputer(List<StoredEvaluation> evaluations, StoredEvaluation run,
            String thisComputer) {
        return evaluations.stream().filter(e -> e.deviceId().equals(thisComputer)).flatMap(e ->
                AccuracyGap.between(run, e).stream()).findFirst();
    }

    private void print(StoredEvaluation stored, Optional<AccuracyGap> gap, List<String> warnings, String here,
                       PrintWriter out) {
        EvaluationResult r = stored.result();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("model", model.getFileName().toString());
            j.put("modelSha256", stored.modelSha256());
            j.put("dataset", stored.datasetName());
            j.put("datasetSha256", stored.datasetSha256());
            j.put("samples", r.samples());
            j.put("top1", r.top1());
            j.put("top5", r.top5().orElse(null));
            Map<String, Double> perClass = new LinkedHashMap<>();
            for (int i = 0; i < r.classNames().size(); i++) {
                perClass.put(r.classNames().get(i), r.perClassAccuracy().get(i));
            }
            j.put("perClass", perClass);
            j.put("confusion", r.confusion());
            j.put("preprocessing", r.preprocessing());
            j.put("runtime", r.runtime());
            j.put("elapsedMs", r.elapsedMillis());
            j.put("evaluationId", stored.id());
            j.put("device", stored.device());
            gap.ifPresent(g -> {
                Map<String, Object> against = new LinkedHashMap<>();
                against.put("top1", g.here().result().top1());
                against.put("points", g.points());
                against.put("flagged", g.flagged());
                against.put("device", g.here().device());
                j.put("againstThisComputer", against);
            });
            j.put("warnings", warnings);
            Output.json(out, j);
            return;
        }
        out.printf("%s on %s: %d examples%n", model.getFileName(), stored.datasetName(), r.samples());
        out.printf("  top-1  %s%n", Output.percent(r.top1()));
        gap.ifPresent(g -> out.printf("  %s  this computer gave %s on the same examples: %s%n",
                g.flagged() ? "⚠" : " ", Output.percent(g.here().result().top1()),
                g.flagged() ? g.sentence(g.there().device().nameFor(here), DeviceFingerprint.THIS_COMPUTER)
                        : g.signedPoints()));
        r.top5().ifPresent(t -> out.printf("  top-5  %s%n", Output.percent(t)));
        out.printf("  preprocessing  %s%n  runtime        %s, %.1f s%n", r.preprocessing(), r.runtime(), r.elapsedMillis() / 1000.0);
        out.printf("  device         %s (int8 %s)%n", stored.device().nameFor(here),
                stored.device().int8Path().id());
        for (int i = 0; i < r.classNames().size(); i++) {
            out.printf("  %-20s %s%n", r.classNames().get(i), Output.percent(r.perClassAccuracy().get(i)));
        }
    }
}
