package dev.lathe.engine.variant;

import ai.djl.ndarray.NDManager;
import dev.lathe.engine.LatheException;
import dev.lathe.engine.Progress;
import dev.lathe.engine.TrainingListener;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.model.torchscript.PyTorchEngine;
import dev.lathe.engine.prune.PruneResult;
import dev.lathe.engine.prune.PruneSpec;
import dev.lathe.engine.prune.Pruner;
import dev.lathe.engine.train.EpochResult;
import dev.lathe.engine.train.FineTuneConfig;
import dev.lathe.engine.train.FineTuner;
import dev.lathe.engine.train.FinetuneSpec;
import dev.lathe.engine.train.GraphBlock;
import dev.lathe.engine.train.TrainedModel;
import dev.lathe.engine.train.TrainingData;
import java.util.List;
import java.util.Optional;

/**
 * Training steps carried out by the engine's train package on DJL's PyTorch engine, which starts on first use:
 * app start-up must not pay for libtorch. Each step's arrays live in a manager of their own, freed when it ends.
 */
public final class TrainingSteps implements TrainingStepRunner {
    static final double BETWEEN_CUTS_LR = 3e-4;
    private final PyTorchEngine pytorch;

    public TrainingSteps(PyTorchEngine pytorch) {
        this.pytorch = pytorch;
    }

    @Override
    public TrainedModel finetune(String modelName, OnnxModel model, FinetuneSpec spec, TrainingData data,
                                 TrainingListener listener, Progress progress) throws LatheException {
        progress.report(0, -1, "Starting PyTorch to fine-tune " + modelName);
        try (NDManager manager = pytorch.engine().newBaseManager()) {
            GraphBlock block = GraphBlock.of(modelName, model, manager);
            List<EpochResult> epochs = new FineTuner(pytorch, listener).fineTune(modelName, block, data.data(),
                    data.preprocessing(), spec.config(), progress);
            return new TrainedModel(block.toOnnx(), epochs);
        }
    }

    /** Between cuts: Adam at 3e-4, batches of 64, one pass over each cut's examples (measured in docs/adr/0004). */
    @Override
    public PruneResult prune(String modelName, OnnxModel model, PruneSpec spec, Optional<TrainingData> data,
                             int examplesPerCut, long seed, Progress progress) throws LatheException {
        Pruner pruner = new Pruner(pytorch);
        if (data.isEmpty()) {
            return pruner.prune(model, spec, progress);
        }
        progress.report(0, -1, "Starting PyTorch to prune " + modelName);
        FineTuneConfig between = new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, BETWEEN_CUTS_LR, 64, 1, seed,
                examplesPerCut);
        return pruner.prune(model, spec, data.get().data(), data.get().preprocessing(), between, progress);
    }
}
