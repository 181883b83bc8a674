package dev.lathe.engine.train;

import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.List;

/** What a training step made: the model with its trained weights, and what each epoch measured. */
public record TrainedModel(OnnxModel model, List<EpochResult> epochs) {
    public TrainedModel {
        epochs = List.copyOf(epochs);
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("a trained model has at least one epoch behind it");
        }
    }
}
