package dev.lathe.engine.quantize;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.provenance.StepRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Accuracy-aware quantization: quantizes, measures top-1, and while the drop exceeds the spec's accuracy budget keeps
 * the next most sensitive layer (lowest SQNR in the per-layer report) in float. Once within budget, each layer that
 * won nothing back when it was added returns to int8 if the variant stays within budget without it.
 */
public final class AccuracyAwareQuantizer {
    /** Top-1 accuracy of a model on the user's evaluation dataset; the caller owns the dataset and the runtime. */
    @FunctionalInterface
    public interface AccuracyProbe {
        double top1(OnnxModel model) throws LatheException;
    }

    /** A layer kept in float, with the top-1 it won back when it was taken out of the int8 path. */
    public record KeptFloat(String node, String op, double top1Gain) {
    }

    /** The accepted variant, its accuracy against the float model's, and the layers kept float to reach it. */
    public record Result(QuantizedModel model, double floatTop1, double top1, boolean withinBudget,
                         List<KeptFloat> keptFloat, List<LayerError> layerErrors) {
        public Result {
            keptFloat = List.copyOf(keptFloat);
            layerErrors = List.copyOf(layerErrors);
        }
    }

    private static final Set<String> RANKED = Set.of("Conv", "MatMul", "Gemm", "Add",
            "AveragePool", "GlobalAveragePool");

    private final Quantizer quantizer;

    public AccuracyAwareQuantizer(Quantizer quantizer) {
        this.quantizer = quantizer;
    }

    public Result quantize(OnnxModel model, QuantizeSpec spec, Optional<CalibrationData> calibration,
            CalibrationData sensitivityData, AccuracyProbe probe, Progress progress) throws LatheException {
        double budget = spec.accuracyBudget().orElseThrow(() -> new QuantizationException(
                "accuracy-aware quantization needs accuracy_budget, the largest top-1 drop to accept (like 0.005)"));
        if (budget < 0 || budget >= 1) {
            throw new QuantizationException("accuracy_budget is " + budget + "; use a fraction from 0 to 1, "
                    + "like 0.005 for half a point");
        }
        double floatTop1 = probe.top1(model);
        QuantizedModel current = quantizer.quantize(model, spec, calibration, progress);
        double top1 = probe.top1(current.model());
        // Layout ops (MaxPool, Flatten) only share their input's scale; keeping one float would change nothing.
        List<LayerError> ranking = LayerErrors.measure(quantizer.runtimes(), model, current, sensitivityData,
                spec.calibration().samples(), progress).stream().filter(e -> RANKED.contains(e.op())).toList();
        List<KeptFloat> kept = new ArrayList<>();
        for (LayerError worst : ranking) {
            // At least one layer stays quantized: a variant with none would be the float model under another name.
            if (floatTop1 - top1 <= budget || kept.size() + 1 >= ranking.size()) {
                break;
            }
            CancelledException.checkpoint("Accuracy-aware quantization");
            progress.report(kept.size() + 1, ranking.size(), "Keeping " + worst.node() + " in float");
            List<KeptFloat> more = new ArrayList<>(kept);
            more.add(new KeptFloat(worst.node(), worst.op(), 0));
            QuantizedModel candidate = quantizer.quantize(model, keeping(spec, more), calibration, progress);
            double candidateTop1 = probe.top1(candidate.model());
            more.set(more.size() - 1, new KeptFloat(worst.node(), worst.op(), candidateTop1 - top1));
            kept = more;
            current = candidate;
            top1 = candidateTop1;
        }
        if (floatTop1 - top1 > budget) {
            return new Result(current, floatTop1, top1, false, kept, ranking);
        }
        // The lowest SQNR is not always the layer accuracy hangs on: a layer kept on the way that won nothing back
        // goes back to int8 if the variant stays within budget without it.
        for (KeptFloat k : List.copyOf(kept)) {
            if (k.top1Gain() > 0) {
                continue;
            }
            CancelledException.checkpoint("Accuracy-aware quantization");
            List<KeptFloat> fewer = new ArrayList<>(kept);
            fewer.remove(k);
            QuantizedModel candidate = quantizer.quantize(model, keeping(spec, fewer), calibration, progress);
            double candidateTop1 = probe.top1(candidate.model());
            if (floatTop1 - candidateTop1 <= budget) {
                kept = fewer;
                current = candidate;
                top1 = candidateTop1;
            }
        }
        return new Result(withKept(current, spec, kept), floatTop1, top1, true, kept, ranking);
    }

    /** The search's outcome on record: the layers it kept in float are the exclude list the variant ran with. */
    private static QuantizedModel withKept(QuantizedModel m, QuantizeSpec spec, List<KeptFloat> kept) {
        if (kept.isEmpty()) {
            return m;
        }
        List<String> nodes = kept.stream().map(KeptFloat::node).toList();
        StepRun ran = m.ran().with(new StepRun.Change("accuracy_budget_kept_float", "exclude", spec.exclude(),
                keeping(spec, kept).exclude(), "top-1 stayed within accuracy_budget " + spec.accuracyBudget()
                .orElseThrow() + " only with " + String.join(", ", nodes) + " in float"), "kept_float", nodes);
        return new QuantizedModel(m.model(), m.quantizedNodes(), m.floatNodes(), m.warnings(), ran);
    }

    private static QuantizeSpec keeping(QuantizeSpec spec, List<KeptFloat> kept) {
        List<String> exclude = new ArrayList<>(spec.exclude());
        kept.forEach(k -> exclude.add(Pattern.quote(k.node())));
        return new QuantizeSpec(spec.mode(), spec.perChannel(), spec.symmetricActivations(), spec.reduceRange(),
                spec.calibration(), exclude, spec.accuracyBudget());
    }
}
