package dev.lathe.engine.prune;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.train.EpochResult;
import dev.lathe.engine.train.GraphBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gradual magnitude pruning: at each step, recompute the masks from the fine-tuned weights at the step's sparsity,
 * zero the pruned weights and fine-tune with the masks held (Zhu &amp; Gupta 2017). Without training only the final
 * step matters, since magnitudes do not change between steps.
 */
final class UnstructuredPruning {
    private final PruneSpec spec;
    private final Map<String, String> weights;
    private final List<EpochResult> epochs = new ArrayList<>();

    UnstructuredPruning(PruneSpec spec, Map<String, String> weights) {
        this.spec = spec;
        this.weights = weights;
    }

    List<EpochResult> epochs() {
        return List.copyOf(epochs);
    }

    OnnxModel run(String name, OnnxModel model, Optional<StepTraining> training, NDManager manager,
                  Progress progress) throws LatheException {
        if (training.isEmpty()) {
            Map<String, float[]> values = new LinkedHashMap<>();
            for (TensorProto t : model.proto().getGraph().getInitializerList()) {
                if (weights.containsKey(t.getName())) {
                    values.put(t.getName(), Weights.of(t).values());
                }
            }
            return zeroed(model, MagnitudePruner.masks(values, spec.sparsity(), spec.scope()));
        }
        GraphBlock block = GraphBlock.of(name, model, manager);
        Map<String, boolean[]> masks = gradual(name, block, spec, weights.keySet(), training.get(), manager, epochs,
                progress);
        return zeroed(block.toOnnx(), masks);
    }

    /**
     * The schedule on any DJL block whose parameters include {@code weights} (an ONNX graph or a TorchScript module):
     * at each step, masks from the block's current weights at the step's sparsity, applied, then held through the
     * step's fine-tuning. Returns the last step's masks; the block's pruned weights are zero.
     */
    static Map<String, boolean[]> gradual(String name, Block block, PruneSpec spec, Set<String> weights,
                                          StepTraining training, NDManager manager, List<EpochResult> epochs,
                                          Progress progress) throws LatheException {
        double[] sparsities = spec.schedule().sparsities(spec.sparsity());
        Map<String, boolean[]> masks = Map.of();
        for (int step = 0; step < sparsities.length; step++) {
            CancelledException.checkpoint("Pruning of " + name);
            Map<String, float[]> values = new LinkedHashMap<>();
            weights.forEach(w -> values.put(w, block.getParameters().get(w).getArray().toFloatArray()));
            masks = MagnitudePruner.masks(values, sparsities[step], spec.scope());
            try (NDManager stepManager = manager.newSubManager()) {
                WeightMasks constraint = WeightMasks.of(block, masks, stepManager);
                constraint.enforce(block);
                epochs.addAll(training.run(name, block, step, sparsities.length, sparsities[step], constraint,
                        progress));
            }
        }
        return masks;
    }

    /** Pruned weights written as +0.0 (a masked negative weight would be -0.0, which compresses worse). */
    private static OnnxModel zeroed(OnnxModel model, Map<String, boolean[]> masks) {
        GraphProto.Builder graph = model.proto().getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            boolean[] keep = masks.get(graph.getInitializer(i).getName());
            if (keep != null) {
                Weights w = Weights.of(graph.getInitializer(i));
                for (int j = 0; j < keep.length; j++) {
                    w.values()[j] = keep[j] ? w.values()[j] : 0f;
                }
                graph.setInitializer(i, w.writeInto(graph.getInitializer(i)));
            }
        }
        return new OnnxModel(model.proto().toBuilder().setGraph(graph).build());
    }

    /** Weights of each pruned layer, and how many are left non-zero. */
    static List<LayerPruning> report(OnnxModel parent, OnnxModel pruned, Map<String, String> weights) {
        Map<String, Long> before = new LinkedHashMap<>();
        parent.proto().getGraph().getInitializerList().stream().filter(t -> weights.containsKey(t.getName()))
                .forEach(t -> before.put(t.getName(), t.getDimsList().stream().reduce(1L, (a, b) -> a * b)));
        Map<String, Long> after = nonZero(pruned, weights);
        Map<String, String> ops = new LinkedHashMap<>();
        parent.proto().getGraph().getNodeList().forEach(n -> ops.putIfAbsent(Exclusions.displayName(n), n.getOpType()));
        List<LayerPruning> layers = new ArrayList<>();
        weights.forEach((w, node) -> layers.add(new LayerPruning(node, ops.get(node), LayerPruning.Unit.WEIGHTS,
                before.get(w), after.get(w))));
        return layers;
    }

    private static Map<String, Long> nonZero(OnnxModel model, Map<String, String> weights) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (TensorProto t : model.proto().getGraph().getInitializerList()) {
            if (weights.containsKey(t.getName())) {
                long n = 0;
                for (float v : Weights.of(t).values()) {
                    n += v != 0 ? 1 : 0;
                }
                counts.put(t.getName(), n);
            }
        }
        return counts;
    }
}
