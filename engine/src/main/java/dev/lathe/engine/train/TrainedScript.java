package dev.lathe.engine.train;

import dev.lathe.engine.provenance.StepRun;
import java.util.List;

/**
 * What training a TorchScript model made: the trained module as the bytes of its {@code .pt} file (saved in eval
 * mode), and what each epoch measured.
 */
public record TrainedScript(byte[] file, List<EpochResult> epochs, StepRun ran) {
    public TrainedScript(byte[] file, List<EpochResult> epochs) {
        this(file, epochs, StepRun.NONE);
    }

    public TrainedScript {
        ran = ran == null ? StepRun.NONE : ran;
        epochs = List.copyOf(epochs);
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("a trained model has at least one epoch behind it");
        }
    }
}
