package dev.lathe.engine.variant;

import dev.lathe.engine.quantize.AccuracyAwareQuantizer;
import dev.lathe.engine.quantize.LayerError;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.quantize.QuantizedModel;
import dev.lathe.engine.recipe.RecipeException;
import dev.lathe.engine.recipe.RecipeStep;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A quantize step: int8 as the spec says, within its accuracy budget when it has one and the run can measure top-1,
 * with the per-layer error report measured on the calibration data when there is some.
 */
final class QuantizeRunner implements StepRunner<RecipeStep.Quantize, StepResult.Quantized> {
    private static final Logger LOG = LoggerFactory.getLogger(QuantizeRunner.class);
    private final QuantizeStepRunner steps;

    QuantizeRunner(QuantizeStepRunner steps) {
        this.steps = steps;
    }

    @Override
    public StepResult.Quantized run(RecipeStep.Quantize step, StepInput in, Progress progress) throws LatheException {
        QuantizeSpec spec = step.spec();
        RecipeRunner.Start start = in.start();
        QuantizedModel made;
        if (spec.accuracyBudget().isPresent() && start.probe().isPresent() && start.calibration().isPresent()) {
            made = withinBudget(steps.quantizeWithinBudget(in.model(), spec, start.calibration().get(),
                    start.probe().get(), progress), spec.accuracyBudget().get(), in.where());
        } else {
            made = steps.quantize(in.model(), spec, spec.mode() == QuantizeSpec.Mode.STATIC ? start.calibration()
                    : Optional.empty(), progress);
        }
        return withLayerErrors(made, in, progress);
    }

    /**
     * The variant is sound without its per-layer error report, so a model whose layers cannot be compared keeps the
     * variant and says why in a warning.
     */
    private StepResult.Quantized withLayerErrors(QuantizedModel made, StepInput in, Progress progress)
            throws CancelledException {
        if (in.start().calibration().isEmpty() || made.quantizedNodes().isEmpty()) {
            return new StepResult.Quantized(made, List.of(), made.warnings());
        }
        try {
            List<LayerError> errors = steps.layerErrors(in.model(), made, in.start().calibration().get(), progress);
            return new StepResult.Quantized(made, errors, made.warnings());
        } catch (CancelledException e) {
            throw e;
        } catch (LatheException e) {
            LOG.warn("No per-layer error report for a variant of {}", in.start().name(), e);
            List<String> warnings = new ArrayList<>(made.warnings());
            warnings.add("no per-layer error report: " + e.getMessage());
            return new StepResult.Quantized(made, List.of(), warnings);
        }
    }

    /** The accepted variant, with each layer kept in float and what it won back listed among its warnings. */
    private static QuantizedModel withinBudget(AccuracyAwareQuantizer.Result r, double budget, String where)
            throws RecipeException {
        if (!r.withinBudget()) {
            throw new RecipeException(String.format(Locale.ROOT, "%s: even with %d layers kept in float, top-1 fell from "
                    + "%.2f %% to %.2f %%, more than its accuracy_budget of %.2f points; nothing was kept. Exclude more "
                    + "layers or raise the budget", where, r.keptFloat().size(), r.floatTop1() * 100, r.top1() * 100,
                    budget * 100));
        }
        List<String> notes = new ArrayList<>(r.model().warnings());
        for (AccuracyAwareQuantizer.KeptFloat k : r.keptFloat()) {
            notes.add(String.format(Locale.ROOT, "kept %s (%s) in float for the accuracy budget: it won back %.2f points "
                    + "of top-1", k.node(), k.op(), k.top1Gain() * 100));
        }
        QuantizedModel m = r.model();
        return new QuantizedModel(m.model(), m.quantizedNodes(), m.floatNodes(), notes, m.ran());
    }

    /** Static steps calibrate on it; steps with an accuracy budget rank their layers' sensitivity on it. */
    static boolean usesCalibration(QuantizeSpec spec) {
        return spec.mode() == QuantizeSpec.Mode.STATIC || spec.accuracyBudget().isPresent();
    }
}
