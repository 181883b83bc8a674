package dev.lathe.engine.variant;

import dev.lathe.engine.LatheException;
import dev.lathe.engine.Progress;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.train.FinetuneSpec;
import dev.lathe.engine.train.TrainedModel;
import dev.lathe.engine.train.TrainingData;

/**
 * What carries out a recipe's training steps. Apart from {@link QuantizeStepRunner} because training needs PyTorch,
 * which quantization does not: the app wires it to the train package, and tests can run recipes without libtorch.
 */
public interface TrainingStepRunner {

    /**
     * Trains {@code model} further on {@code data} as {@code spec} says, deterministically for a fixed seed; honours
     * thread interruption between batches.
     *
     * @param modelName what messages call the model, like {@code cnn.onnx}
     */
    TrainedModel finetune(String modelName, OnnxModel model, FinetuneSpec spec, TrainingData data, Progress progress)
            throws LatheException;
}
