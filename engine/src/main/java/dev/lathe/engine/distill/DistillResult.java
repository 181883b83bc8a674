package dev.lathe.engine.distill;

import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.train.EpochResult;
import java.util.List;

/**
 * A trained student and how it got there.
 *
 * @param teacherInferences examples the teacher ran on in this call: 0 when its soft targets came from the cache
 */
public record DistillResult(OnnxModel student, long studentParams, List<EpochResult> epochs, int teacherInferences) {

    public DistillResult {
        epochs = List.copyOf(epochs);
    }
}
