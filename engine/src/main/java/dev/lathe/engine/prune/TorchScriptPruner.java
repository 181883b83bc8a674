package dev.lathe.engine.prune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.train.TrainingListener;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Preprocessing;
import dev.lathe.engine.runtime.torchscript.PyTorchEngine;
import dev.lathe.engine.runtime.torchscript.TrainableModule;
import dev.lathe.engine.train.EpochResult;
import dev.lathe.engine.train.FineTuneConfig;
import dev.lathe.engine.train.FineTuner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prunes a TorchScript model in place: the module is loaded for training, its weights are zeroed by the same
 * magnitude masks (and, with a schedule, the same fine-tuning between cuts) as an ONNX model's, and the module is
 * written back. Only unstructured pruning is possible: removing channels means rewriting the program, which Lathe
 * does for ONNX graphs but cannot do for TorchScript code. Prunable weights are the float parameters of rank 2 or
 * more named {@code weight} (convolution and linear layers), so biases and BatchNorm's scale stay whole, as for ONNX.
 */
public final class TorchScriptPruner {
    private final PyTorchEngine pytorch;

    public TorchScriptPruner(PyTorchEngine pytorch) {
        this.pytorch = pytorch;
    }

    /** Prunes to the final sparsity at once, without fine-tuning. */
    public ScriptPruneResult prune(Path file, PruneSpec spec, Progress progress) throws LatheException {
        return run(file, spec, Optional.empty(), progress);
    }

    /** Prunes along the spec's schedule, fine-tuning with {@code between} after every cut (the last included). */
    public ScriptPruneResult prune(Path file, PruneSpec spec, Dataset train, Preprocessing pre,
                                   FineTuneConfig between, TrainingListener listener, Progress progress)
            throws LatheException {
        return run(file, spec, Optional.of(new StepTraining(new FineTuner(pytorch, listener), train, pre, between,
                listener)), progress);
    }

    private ScriptPruneResult run(Path file, PruneSpec spec, Optional<StepTraining> training, Progress progress)
            throws LatheException {
        String name = file.getFileName().toString();
        if (spec.structure() == PruneSpec.Structure.CHANNEL) {
            throw new PruneException(channelRefusal(name));
        }
        Exclusions exclusions = new Exclusions(spec.exclude());
        try (TrainableModule module = TrainableModule.load(pytorch, file);
             NDManager manager = pytorch.engine().newBaseManager()) {
            Map<String, NDArray> parameters = module.floatParameters();
            Map<String, String> weights = prunableWeights(module, parameters, exclusions);
            if (weights.isEmpty()) {
                throw new PruneException(name + " has no convolution or linear weight left to prune"
                        + (spec.exclude().isEmpty() ? "" : " after exclude " + spec.exclude())
                        + "; remove exclude patterns or choose another model");
            }
            byte[] parent = read(file);
            Counts before = Counts.of(parameters, weights);
            List<EpochResult> epochs = new ArrayList<>();
            Map<String, boolean[]> masks = training.isPresent()
                    ? UnstructuredPruning.gradual(name, module.block(), spec, weights.keySet(), training.get(),
                            manager, epochs, progress)
                    : MagnitudePruner.masks(values(parameters, weights), spec.sparsity(), spec.scope());
            zero(parameters, masks, manager);
            byte[] pruned = module.toBytes();
            Counts after = Counts.of(parameters, weights);
            ModelSize sizeBefore = ModelSize.of(before.params(), before.nonZero(), parent);
            ModelSize sizeAfter = ModelSize.of(after.params(), after.nonZero(), pruned);
            List<LayerPruning> layers = new ArrayList<>();
            weights.forEach((w, layer) -> layers.add(new LayerPruning(layer, module.ownerKind(w).orElse("weight"),
                    LayerPruning.Unit.WEIGHTS, before.layerSizes().get(w), after.layerNonZero().get(w))));
            return new ScriptPruneResult(pruned, new PruneReport(spec, layers, sizeBefore.params(),
                    sizeAfter.params(), sizeBefore.nonZero(), sizeAfter.nonZero(), sizeBefore.bytes(),
                    sizeAfter.bytes(), sizeBefore.gzip(), sizeAfter.gzip(), epochs, exclusions.warnings(),
                    "Zeroed weights are still stored and multiplied: the file compresses better, but PyTorch runs"
                            + " it no faster. Export to ONNX and prune channels to make it faster."));
        }
    }

    /** Why a TorchScript model cannot lose channels, and what to do instead. */
    public static String channelRefusal(String modelName) {
        return modelName + " is TorchScript: channel pruning removes filters by rewriting the model's graph, which"
                + " Lathe can do for ONNX models only. Use structure: unstructured to prune it in place, or export"
                + " it to ONNX (torch.onnx.export) and prune channels there.";
    }

    /** Weight parameter → layer (module path), for every convolution or linear weight not excluded. */
    private static Map<String, String> prunableWeights(TrainableModule module, Map<String, NDArray> parameters,
                                                       Exclusions exclusions) {
        Map<String, String> weights = new LinkedHashMap<>();
        parameters.forEach((name, array) -> {
            int dot = name.lastIndexOf('.');
            String layer = dot < 0 ? "(root)" : name.substring(0, dot);
            String kind = module.ownerKind(name).orElse("");
            boolean excluded = exclusions.excludes(layer, kind);
            if (!excluded && name.substring(dot + 1).equals("weight") && array.getShape().dimension() >= 2) {
                weights.put(name, layer);
            }
        });
        return weights;
    }

    private static byte[] read(Path file) throws PruneException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PruneException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, float[]> values(Map<String, NDArray> parameters, Map<String, String> weights) {
        Map<String, float[]> values = new LinkedHashMap<>();
        weights.keySet().forEach(w -> values.put(w, parameters.get(w).toFloatArray()));
        return values;
    }

    /**
     * Pruned weights set to +0.0 in the module's own tensors: the mask leaves -0.0 where a weight was negative,
     * and adding +0.0 turns that into +0.0, which compresses better, while every kept weight stays exact.
     */
    private static void zero(Map<String, NDArray> parameters, Map<String, boolean[]> masks, NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            masks.forEach((w, keep) -> {
                float[] ones = new float[keep.length];
                for (int i = 0; i < keep.length; i++) {
                    ones[i] = keep[i] ? 1f : 0f;
                }
                NDArray weight = parameters.get(w);
                weight.muli(scratch.create(ones, weight.getShape())).addi(0f);
            });
        }
    }

    /** Float parameters and non-zero values over the module, and each prunable weight's size and non-zero count. */
    private record Counts(long params, long nonZero, Map<String, Long> layerSizes, Map<String, Long> layerNonZero) {
        static Counts of(Map<String, NDArray> parameters, Map<String, String> weights) {
            long params = 0;
            long nonZero = 0;
            Map<String, Long> sizes = new LinkedHashMap<>();
            Map<String, Long> kept = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> p : parameters.entrySet()) {
                long n = 0;
                float[] values = p.getValue().toFloatArray();
                for (float v : values) {
                    n += v != 0 ? 1 : 0;
                }
                params += values.length;
                nonZero += n;
                if (weights.containsKey(p.getKey())) {
                    sizes.put(p.getKey(), (long) values.length);
                    kept.put(p.getKey(), n);
                }
            }
            return new Counts(params, nonZero, sizes, kept);
        }
    }
}
