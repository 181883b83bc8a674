package dev.lathe.engine.variant;

import ai.djl.ndarray.NDManager;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.train.TrainingListener;
import dev.lathe.engine.distill.DistillConfig;
import dev.lathe.engine.distill.DistillResult;
import dev.lathe.engine.distill.DistillSpec;
import dev.lathe.engine.distill.Distiller;
import dev.lathe.engine.distill.StudentBuilder;
import dev.lathe.engine.distill.Teacher;
import dev.lathe.engine.distill.TeacherShape;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.torchscript.PyTorchEngine;
import dev.lathe.engine.runtime.torchscript.TrainableModule;
import dev.lathe.engine.prune.PruneResult;
import dev.lathe.engine.prune.PruneSpec;
import dev.lathe.engine.prune.Pruner;
import dev.lathe.engine.prune.ScriptPruneResult;
import dev.lathe.engine.prune.TorchScriptPruner;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.train.EpochResult;
import dev.lathe.engine.train.FineTuneConfig;
import dev.lathe.engine.train.FineTuner;
import dev.lathe.engine.train.FinetuneSpec;
import dev.lathe.engine.train.GraphBlock;
import dev.lathe.engine.train.TrainedModel;
import dev.lathe.engine.train.TrainedScript;
import dev.lathe.engine.train.TrainingData;
import dev.lathe.engine.provenance.StepRun;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Training steps carried out by the engine's train package on DJL's PyTorch engine, which starts on first use:
 * app start-up must not pay for libtorch. Each step's arrays live in a manager of their own, freed when it ends.
 */
public final class TrainingSteps implements TrainingStepRunner {
    /** Distillation: Adam at 2e-3 in batches of 64, what the measured run used (docs/adr/0006). */
    static final double DISTILL_LR = 2e-3;

    private final PyTorchEngine pytorch;
    private final Runtimes runtimes;
    private final Path softTargetCache;

    /** @param softTargetCache where teachers' outputs are kept per teacher and dataset, so a rerun skips the teacher */
    public TrainingSteps(PyTorchEngine pytorch, Runtimes runtimes, Path softTargetCache) {
        this.pytorch = pytorch;
        this.runtimes = runtimes;
        this.softTargetCache = softTargetCache;
    }

    @Override
    public TrainedModel finetune(String modelName, OnnxModel model, FinetuneSpec spec, TrainingData data,
                                 TrainingListener listener, Progress progress) throws LatheException {
        progress.report(0, -1, "Starting PyTorch to fine-tune " + modelName);
        try (NDManager manager = pytorch.engine().newBaseManager()) {
            GraphBlock block = GraphBlock.of(modelName, model, manager);
            List<EpochResult> epochs = new FineTuner(pytorch, listener).fineTune(modelName, block, data.data(),
                    data.preprocessing(), spec.config(), progress);
            return new TrainedModel(block.toOnnx(), epochs, StepRun.ofRuntime(pytorch.versions()));
        }
    }

    @Override
    public TrainedScript finetuneTorchScript(String modelName, Path file, FinetuneSpec spec, TrainingData data,
                                             TrainingListener listener, Progress progress) throws LatheException {
        progress.report(0, -1, "Starting PyTorch to fine-tune " + modelName);
        try (TrainableModule module = TrainableModule.load(pytorch, file)) {
            List<EpochResult> epochs = new FineTuner(pytorch, listener).fineTune(modelName, module.block(),
                    data.data(), data.preprocessing(), spec.config(), progress);
            return new TrainedScript(module.toBytes(), epochs, StepRun.ofRuntime(pytorch.versions()));
        }
    }

    /** Between cuts: Adam in batches of 64, one pass over each cut's examples (measured in docs/adr/0004). */
    @Override
    public PruneResult prune(String modelName, OnnxModel model, PruneSpec spec, Optional<TrainingData> data,
                             int examplesPerCut, double learningRate, long seed, TrainingListener listener,
                             Progress progress) throws LatheException {
        Pruner pruner = new Pruner(pytorch);
        if (data.isEmpty()) {
            return pruner.prune(model, spec, progress);
        }
        progress.report(0, -1, "Starting PyTorch to prune " + modelName);
        FineTuneConfig between = between(learningRate, seed, examplesPerCut);
        return pruner.prune(model, spec, data.get().data(), data.get().preprocessing(), between, listener, progress)
                .withRan(trainedWith("training_between_cuts", between));
    }

    private static FineTuneConfig between(double learningRate, long seed, int examplesPerCut) {
        return new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, learningRate, 64, 1, seed, examplesPerCut);
    }

    /** Training settings that are no recipe key, made explicit, with the runtime that trained. */
    private StepRun trainedWith(String key, FineTuneConfig c) throws LatheException {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("optimizer", c.optimizer().name().toLowerCase(Locale.ROOT));
        training.put("lr", c.learningRate());
        training.put("batch", c.batchSize());
        training.put("epochs", c.epochs());
        training.put("seed", c.seed());
        training.put("examples", c.limit());
        return new StepRun(Map.of(), Map.of(key, training), List.of(), pytorch.versions());
    }

    @Override
    public ScriptPruneResult pruneTorchScript(String modelName, Path file, PruneSpec spec,
                                              Optional<TrainingData> data, int examplesPerCut, double learningRate,
                                              long seed, TrainingListener listener,
                                              Progress progress) throws LatheException {
        TorchScriptPruner pruner = new TorchScriptPruner(pytorch);
        if (data.isEmpty()) {
            return pruner.prune(file, spec, progress);
        }
        progress.report(0, -1, "Starting PyTorch to prune " + modelName);
        FineTuneConfig between = between(learningRate, seed, examplesPerCut);
        return pruner.prune(file, spec, data.get().data(), data.get().preprocessing(), between, listener, progress)
                .withRan(trainedWith("training_between_cuts", between));
    }

    @Override
    public TrainedModel distill(String modelName, OnnxModel model, Path teacherFile, DistillSpec spec,
                                TrainingData data, int examples, TrainingListener listener, Progress progress)
            throws LatheException {
        OnnxModel student = spec.student() instanceof DistillSpec.Narrower n
                ? StudentBuilder.narrower(modelName, model, n.width(), spec.seed())
                : family(modelName, model, (DistillSpec.Family) spec.student(), spec.seed());
        progress.report(0, -1, "Starting PyTorch to distill " + modelName);
        DistillConfig config = new DistillConfig(spec.temperature(), spec.alpha(), new FineTuneConfig(
                FineTuneConfig.Optimizer.ADAM, DISTILL_LR, 64, spec.epochs(), spec.seed(), examples));
        DistillResult result = new Distiller(pytorch, runtimes, softTargetCache).distill(new Teacher(modelName,
                teacherFile, ModelFormat.ONNX), modelName + " student", student, data.data(), data.preprocessing(), config,
                listener, progress);
        return new TrainedModel(result.student(), result.epochs(), trainedWith("student_training", config.training()));
    }

    private static OnnxModel family(String modelName, OnnxModel teacher, DistillSpec.Family f, long seed)
            throws LatheException {
        return StudentBuilder.family(modelName, TeacherShape.of(modelName, teacher),
                StudentBuilder.Family.valueOf(f.family().name()), f.layers(), seed);
    }
}
