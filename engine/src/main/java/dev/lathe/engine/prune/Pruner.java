package dev.lathe.engine.prune;

import ai.djl.ndarray.NDManager;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.train.TrainingListener;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Preprocessing;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.torchscript.PyTorchEngine;
import dev.lathe.engine.train.EpochResult;
import dev.lathe.engine.train.FineTuneConfig;
import dev.lathe.engine.train.FineTuner;
import dev.lathe.engine.train.GraphBlock;
import dev.lathe.engine.train.ParameterConstraint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prunes an ONNX model: the one entry point the recipe runner calls. Unstructured pruning zeroes single weights
 * (the file compresses better; CPU runtimes run it no faster); channel pruning removes whole filters and neurons
 * (fewer parameters, faster). With training data it follows the spec's schedule, fine-tuning on the trainable
 * bridge between steps. Everything is checked before work starts (spec, exclude patterns, trainable operators),
 * and the input model is never changed: the result is a new model or an exception, nothing half-made.
 */
public final class Pruner {
    private final PyTorchEngine pytorch;

    public Pruner(PyTorchEngine pytorch) {
        this.pytorch = pytorch;
    }

    /** Prunes to the final sparsity at once, without fine-tuning (a schedule needs training between its steps). */
    public PruneResult prune(OnnxModel model, PruneSpec spec, Progress progress) throws LatheException {
        return run(model, spec, Optional.empty(), progress);
    }

    /**
     * Prunes along the spec's schedule, fine-tuning with {@code between} after every step (the last included).
     * With {@code between.limit() > 0} each step trains on the next {@code limit} examples of {@code train}.
     *
     * @throws dev.lathe.engine.train.UnsupportedOpsException when the model uses operators training cannot run
     */
    public PruneResult prune(OnnxModel model, PruneSpec spec, Dataset train, Preprocessing pre,
                             FineTuneConfig between, Progress progress) throws LatheException {
        return prune(model, spec, train, pre, between, TrainingListener.NONE, progress);
    }

    /**
     * {@link #prune(OnnxModel, PruneSpec, Dataset, Preprocessing, FineTuneConfig, Progress)}, telling
     * {@code listener} of each cut and of the batches and epochs trained after it, for a live curve.
     */
    public PruneResult prune(OnnxModel model, PruneSpec spec, Dataset train, Preprocessing pre,
                             FineTuneConfig between, TrainingListener listener, Progress progress)
            throws LatheException {
        return run(model, spec, Optional.of(new StepTraining(new FineTuner(pytorch, listener), train, pre, between,
                listener)), progress);
    }

    private PruneResult run(OnnxModel model, PruneSpec spec, Optional<StepTraining> training, Progress progress)
            throws LatheException {
        String name = modelName(model);
        Exclusions exclusions = new Exclusions(spec.exclude());
        List<EpochResult> epochs = new ArrayList<>();
        OnnxModel pruned;
        List<LayerPruning> layers;
        try (NDManager manager = training.isPresent() ? pytorch.engine().newBaseManager() : null) {
            if (manager != null) {
                try (NDManager check = manager.newSubManager()) {
                    GraphBlock.of(name, model, check);
                }
            }
            if (spec.structure() == PruneSpec.Structure.UNSTRUCTURED) {
                Map<String, String> weights = MagnitudePruner.prunableWeights(model.proto().getGraph(), exclusions);
                if (weights.isEmpty()) {
                    throw new PruneException(name + " has no Conv, Gemm or MatMul weight left to prune"
                            + (spec.exclude().isEmpty() ? "" : " after exclude " + spec.exclude())
                            + "; remove exclude patterns or choose another model");
                }
                UnstructuredPruning run = new UnstructuredPruning(spec, weights);
                pruned = run.run(name, model, training, manager, progress);
                epochs.addAll(run.epochs());
                layers = UnstructuredPruning.report(model, pruned, weights);
            } else {
                ChannelPruner chooser = new ChannelPruner(spec, exclusions);
                pruned = channels(name, model, spec, chooser, training, manager, epochs, progress);
                layers = chooser.report(pruned);
            }
        }
        ModelSize before = ModelSize.of(model);
        ModelSize after = ModelSize.of(pruned);
        return new PruneResult(pruned, new PruneReport(spec, layers, before.params(), after.params(),
                before.nonZero(), after.nonZero(), before.bytes(), after.bytes(), before.gzip(), after.gzip(), epochs,
                exclusions.warnings(), speedNote(spec)));
    }

    private static OnnxModel channels(String name, OnnxModel model, PruneSpec spec, ChannelPruner chooser,
                                      Optional<StepTraining> training, NDManager manager, List<EpochResult> epochs,
                                      Progress progress) throws LatheException {
        double[] sparsities = training.isPresent() ? spec.schedule().sparsities(spec.sparsity())
                : new double[] {spec.sparsity()};
        OnnxModel current = model;
        for (int step = 0; step < sparsities.length; step++) {
            CancelledException.checkpoint("Pruning of " + name);
            current = chooser.prune(current, sparsities[step]);
            if (training.isPresent()) {
                try (NDManager stepManager = manager.newSubManager()) {
                    GraphBlock block = GraphBlock.of(name, current, stepManager);
                    epochs.addAll(training.get().run(name, block, step, sparsities.length, sparsities[step],
                            ParameterConstraint.NONE, progress));
                    current = block.toOnnx();
                }
            }
        }
        return current;
    }

    private static String speedNote(PruneSpec spec) {
        return spec.structure() == PruneSpec.Structure.UNSTRUCTURED
                ? "Zeroed weights are still stored and multiplied: the file compresses better, but inference on CPU"
                        + " runtimes such as ONNX Runtime is not faster. Prune channels to make it faster."
                : "Removed channels shrink the layers themselves, so the model is smaller and faster on every"
                        + " runtime; benchmark the variant to measure by how much.";
    }

    private static String modelName(OnnxModel model) {
        String graph = model.proto().getGraph().getName();
        return graph.isEmpty() ? "the model" : "model '" + graph + "'";
    }
}
