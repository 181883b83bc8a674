package dev.lathe.engine.train;

import dev.lathe.engine.provenance.StepRun;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.List;

/**
 * What a training step made: the model with its trained weights, what each epoch measured, and what it ran on and
 * with (see {@link StepRun}).
 */
public record TrainedModel(OnnxModel model, List<EpochResult> epochs, StepRun ran) {
    public TrainedModel(OnnxModel model, List<EpochResult> epochs) {
        this(model, epochs, StepRun.NONE);
    }

    public TrainedModel {
        ran = ran == null ? StepRun.NONE : ran;
        epochs = List.copyOf(epochs);
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("a trained model has at least one epoch behind it");
        }
    }
}
