package dev.lathe.engine.variant;

import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.provenance.StepRun;
import dev.lathe.engine.quantize.LayerError;
import dev.lathe.engine.quantize.QuantizedModel;
import dev.lathe.engine.store.PruningSummary;
import dev.lathe.engine.store.TrainingSummary;
import dev.lathe.engine.store.VariantReport;
import java.util.List;
import java.util.Optional;

/**
 * What one recipe step made of an ONNX model, in the words of its own kind: a quantize step's nodes and layer
 * errors, a prune step's counts, a training step's epochs. Each kind is its own record, so nothing is dressed up as
 * another; what they share is the model and the report the store keeps.
 *
 * <p>{@link #ran()} is what the step actually ran with (a fallback taken, a parameter resolved on its own, the
 * runtime that trained), which the variant's provenance records beside what the recipe asked.
 */
public sealed interface StepResult {

    /** The model the step made, not yet written. */
    OnnxModel model();

    /** What the step changed, as the store keeps it beside the variant. */
    VariantReport report();

    /** What the step ran with and changed on its own. */
    StepRun ran();

    /**
     * A quantize step: its model, the per-layer error report (empty without calibration data), and its warnings,
     * which include why there is no such report when it could not be measured.
     */
    record Quantized(QuantizedModel made, List<LayerError> layerErrors, List<String> warnings)
            implements StepResult {
        public Quantized {
            layerErrors = List.copyOf(layerErrors);
            warnings = List.copyOf(warnings);
        }

        @Override
        public OnnxModel model() {
            return made.model();
        }

        @Override
        public StepRun ran() {
            return made.ran();
        }

        @Override
        public VariantReport report() {
            return new VariantReport(made.quantizedNodes(), made.floatNodes(), warnings, layerErrors,
                    Optional.empty(), Optional.empty());
        }
    }

    /** A convert step: the model in half precision, with the nodes it converted and those it kept. */
    record Converted(QuantizedModel made) implements StepResult {

        @Override
        public OnnxModel model() {
            return made.model();
        }

        @Override
        public StepRun ran() {
            return made.ran();
        }

        @Override
        public VariantReport report() {
            return VariantReport.of(made, List.of());
        }
    }

    /**
     * A prune step: what it removed, counted from the files, how the fine-tuning between cuts went (a gradual
     * schedule's), and its notes (warnings, and a sentence on whether this pruning makes inference faster).
     */
    record Pruned(OnnxModel model, PruningSummary pruning, Optional<TrainingSummary> training, List<String> notes,
                  StepRun ran) implements StepResult {
        public Pruned {
            notes = List.copyOf(notes);
        }

        @Override
        public VariantReport report() {
            return new VariantReport(List.of(), List.of(), notes, List.of(), training, Optional.of(pruning));
        }
    }

    /** A finetune step: the model with its trained weights, and how the training went. */
    record Finetuned(OnnxModel model, TrainingSummary training, StepRun ran)
            implements StepResult {

        @Override
        public VariantReport report() {
            return new VariantReport(List.of(), List.of(), List.of(), List.of(), Optional.of(training),
                    Optional.empty());
        }
    }

    /** A distill step: the trained student, and how its training went. */
    record Distilled(OnnxModel student, TrainingSummary training, StepRun ran)
            implements StepResult {

        @Override
        public OnnxModel model() {
            return student;
        }

        @Override
        public VariantReport report() {
            return new VariantReport(List.of(), List.of(), List.of(), List.of(), Optional.of(training),
                    Optional.empty());
        }
    }
}
