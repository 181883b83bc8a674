package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.Runtimes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Quantizes an ONNX model to int8 (dynamic, static QDQ or weight-only) and proves ONNX Runtime runs the result.
 * Honours thread interruption between calibration batches and between stages.
 */
public final class Quantizer {
    /** Per-channel DequantizeLinear (the {@code axis} attribute) needs opset 13. */
    static final long PER_CHANNEL_OPSET = 13;
    private static final long QDQ_OPSET = 10;

    private final Runtimes runtimes;

    /** @param runtimes where calibration and the check of the result load the models (a worker process, usually) */
    public Quantizer(Runtimes runtimes) {
        this.runtimes = runtimes;
    }

    /** Where this quantizer loads models; the accuracy-aware search compares layers there too. */
    Runtimes runtimes() {
        return runtimes;
    }

    public QuantizedModel quantize(OnnxModel model, QuantizeSpec spec, Optional<CalibrationData> calibration,
            Progress progress) throws LatheException {
        String what = "Quantization";
        CancelledException.checkpoint(what);
        GraphEdit graph = new GraphEdit(model.proto());
        QuantizeRun run = new QuantizeRun();
        long opset = graph.opset();
        List<String> foldedBatchNorms = BatchNormFolding.apply(graph);
        run.folded(foldedBatchNorms, QuantizeRun.FOLDED_FOR_INT8);
        NodeSelection selection = NodeSelection.select(graph, spec);
        if (selection.isEmpty()) {
            throw nothingToDo(graph, spec, selection);
        }
        List<String> warnings = new ArrayList<>(selection.warnings());
        QuantizeSpec effective = checkOpset(graph, spec, warnings, run);
        run.opset(opset, graph.opset());
        // Tables first: the Gather's output keeps its name, so a static rewrite after it pairs that tensor as before.
        List<String> quantized = new ArrayList<>(EmbeddingRewrite.apply(graph, selection));
        quantized.addAll(rewrite(model, graph, selection, effective, calibration, run, progress));
        quantized.addAll(foldedBatchNorms);
        CancelledException.checkpoint(what);
        progress.report(0, -1, "Checking the quantized model in ONNX Runtime");
        ModelProto result = graph.build();
        String kind = spec.mode().name().toLowerCase() + " int8";
        OrtCheck.loadAndRun(runtimes, result, model.proto(), model.name() + "'s " + kind + " variant", kind,
                "Exclude the node named in the message and try again.");
        List<QuantizedModel.FloatNode> floatNodes = selection.floatNodes().stream()
                .filter(n -> !quantized.contains(n.name())).toList();
        run.reduceRange(effective, result);
        return new QuantizedModel(new OnnxModel(result), quantized, floatNodes, warnings, run.toStepRun());
    }

    private static QuantizationException nothingToDo(GraphEdit graph, QuantizeSpec spec, NodeSelection selection) {
        String nested = ControlFlow.nestedOps(graph, Set.of("Conv", "MatMul", "Gemm"))
                .map(n -> "; " + n + ", which Lathe does not quantize yet").orElse("");
        String convs = selection.floatNodes().stream().filter(n -> n.op().equals("Conv"))
                .map(QuantizedModel.FloatNode::reason).filter(r -> !r.startsWith("excluded")).findFirst()
                .map(r -> "; its Conv nodes stay float: " + r).orElse("");
        return new QuantizationException("The model has no node that " + spec.mode().name().toLowerCase()
                .replace('_', '-') + " quantization can change (it quantizes " + quantizableOps(spec.mode())
                + ", outside the exclude list)" + nested + convs + "; nothing to do");
    }

    private static String quantizableOps(QuantizeSpec.Mode mode) {
        return (mode == QuantizeSpec.Mode.DYNAMIC ? "MatMul, Gemm and ungrouped Conv (opset 11 or newer)"
                : "Conv, MatMul and Gemm") + " with stored float weights, and embedding tables that Gather reads";
    }

    private static QuantizeSpec checkOpset(GraphEdit graph, QuantizeSpec spec, List<String> warnings, QuantizeRun run)
            throws QuantizationException {
        long opset = graph.opset();
        if (spec.mode() != QuantizeSpec.Mode.STATIC) {
            return spec;
        }
        if (opset < QDQ_OPSET) {
            throw new QuantizationException("The model uses ONNX opset " + opset + ", which has no QuantizeLinear; "
                    + "static quantization needs opset 10 or newer (13 for per-channel weights): export it again, "
                    + "or use dynamic or weight-only mode, which work on it");
        }
        if (spec.perChannel() && opset < PER_CHANNEL_OPSET && OpsetRaise.canRaiseTo13(graph)) {
            graph.raiseOpset(PER_CHANNEL_OPSET);
            warnings.add("the model's opset was raised from " + opset + " to 13 for per-channel weights; every op "
                    + "it uses means the same there");
            return spec;
        }
        if (spec.perChannel() && opset < PER_CHANNEL_OPSET) {
            warnings.add("opset " + opset + " has no per-channel DequantizeLinear; weights use one scale per "
                    + "tensor (export with opset 13 or newer for per-channel)");
            run.perChannelOff(opset);
            return new QuantizeSpec(spec.mode(), false, spec.symmetricActivations(), spec.reduceRange(),
                    spec.calibration(), spec.exclude(), spec.accuracyBudget());
        }
        return spec;
    }

    private List<String> rewrite(OnnxModel original, GraphEdit graph, NodeSelection selection,
            QuantizeSpec spec, Optional<CalibrationData> calibration, QuantizeRun run, Progress progress)
            throws LatheException {
        return switch (spec.mode()) {
            case DYNAMIC -> DynamicRewrite.apply(graph, selection, spec);
            case WEIGHT_ONLY -> WeightOnlyRewrite.apply(graph, selection, spec);
            case STATIC -> {
                CalibrationData data = calibration.filter(c -> c.examples() > 0).orElseThrow(() ->
                        new QuantizationException("Static quantization needs calibration data (a few hundred "
                                + "examples of real inputs); give a calibration dataset or choose dynamic mode"));
                run.calibrated(spec.calibration().samples(), data);
                QdqPlan plan = QdqPlan.of(graph, selection, spec.symmetricActivations());
                Map<String, ActivationRange> ranges = Calibrator.ranges(runtimes, original.proto(), original.name(),
                        plan.calibrated(), data, spec.calibration(), progress);
                yield StaticRewrite.apply(graph, selection, spec, plan, ranges);
            }
        };
    }
}
