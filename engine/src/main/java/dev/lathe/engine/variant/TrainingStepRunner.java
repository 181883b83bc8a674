package dev.lathe.engine.variant;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.train.TrainingListener;
import dev.lathe.engine.distill.DistillSpec;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.prune.PruneResult;
import dev.lathe.engine.prune.PruneSpec;
import dev.lathe.engine.prune.ScriptPruneResult;
import dev.lathe.engine.train.FinetuneSpec;
import dev.lathe.engine.train.TrainedModel;
import dev.lathe.engine.train.TrainedScript;
import dev.lathe.engine.train.TrainingData;
import java.nio.file.Path;
import java.util.Optional;

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
     * @param listener  hears each batch's and epoch's loss and accuracy as they are measured
     */
    TrainedModel finetune(String modelName, OnnxModel model, FinetuneSpec spec, TrainingData data,
                          TrainingListener listener, Progress progress) throws LatheException;

    /**
     * Fine-tunes the TorchScript model in {@code file} in place, as {@link #finetune} does an ONNX model: same
     * settings, seed and cancellation; returns the trained module's file.
     */
    TrainedScript finetuneTorchScript(String modelName, Path file, FinetuneSpec spec, TrainingData data,
                                      TrainingListener listener, Progress progress) throws LatheException;

    /**
     * Prunes {@code model} as {@code spec} says; a gradual schedule fine-tunes on {@code data} between its cuts,
     * {@code examplesPerCut} examples each (the data's windows in turn), with Adam at {@code learningRate} and the
     * recipe's {@code seed}.
     *
     * @param listener hears each cut, then the batches and epochs of the fine-tuning after it
     */
    PruneResult prune(String modelName, OnnxModel model, PruneSpec spec, Optional<TrainingData> data,
                      int examplesPerCut, double learningRate, long seed, TrainingListener listener,
                      Progress progress) throws LatheException;

    /**
     * Prunes the TorchScript model in {@code file} in place, as {@link #prune} does an ONNX model; unstructured
     * only, since a TorchScript program cannot lose channels.
     */
    ScriptPruneResult pruneTorchScript(String modelName, Path file, PruneSpec spec, Optional<TrainingData> data,
                                       int examplesPerCut, double learningRate, long seed, TrainingListener listener,
                                       Progress progress)
            throws LatheException;

    /**
     * Trains a student that {@code spec} describes to match the teacher {@code model} (stored at {@code teacherFile})
     * on {@code data}, the first {@code examples} of it when above 0; returns the student and its epochs.
     *
     * @param listener hears the student's batches and epochs as they train
     */
    TrainedModel distill(String modelName, OnnxModel model, Path teacherFile, DistillSpec spec, TrainingData data,
                         int examples, TrainingListener listener, Progress progress) throws LatheException;
}
