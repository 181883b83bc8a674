package dev.lathe.engine.prune;

import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Chooses which channels to remove and removes them with {@link ChannelSurgery}, step by step towards the spec's
 * sparsity. The unit of choice is a class of tied channels (one channel, or the same channel of every layer a
 * residual Add ties together), scored by the sum of its members' filter norms. "Per layer" removes the same
 * fraction from each layer (tied layers count as one); "global" ranks all classes at once after dividing each
 * norm by its layer's mean, because raw norms grow with a layer's fan-in and would otherwise decide alone. Sparsity
 * is always measured against the parent's channel counts, so every step of a gradual schedule aims at the same
 * final widths. Every layer keeps at least one channel.
 */
final class ChannelPruner {
    private final PruneSpec spec;
    private final Exclusions exclusions;
    private final Map<String, Integer> parentClasses = new LinkedHashMap<>();
    private final Map<String, LayerPruning> parentLayers = new LinkedHashMap<>();

    ChannelPruner(PruneSpec spec, Exclusions exclusions) {
        this.spec = spec;
        this.exclusions = exclusions;
    }

    private record TiedClass(String layer, List<Integer> atoms, double score) {
    }

    /** The model with {@code sparsity} of the parent's prunable channels removed. */
    OnnxModel prune(OnnxModel model, double sparsity) throws PruneException {
        ChannelGraph g = ChannelGraph.analyse(model.proto().getGraph(), exclusions);
        List<TiedClass> classes = classes(g, ChannelImportance.of(model.proto().getGraph(), g, spec.method()));
        if (parentClasses.isEmpty()) {
            classes.forEach(c -> parentClasses.merge(c.layer(), 1, Integer::sum));
            g.producers().forEach(p -> parentLayers.put(p.name(), new LayerPruning(p.name(), p.opType(),
                    LayerPruning.Unit.CHANNELS, p.channels(), p.channels())));
            if (classes.isEmpty()) {
                throw new PruneException("no channel can be pruned: every Conv, Gemm and MatMul output is excluded,"
                        + " reaches a model output or feeds an operator channel pruning cannot follow ("
                        + reasons(g) + "). Remove exclude patterns or prune unstructured instead.");
            }
        }
        Set<Integer> removed = new HashSet<>();
        (spec.scope() == PruneSpec.Scope.GLOBAL ? global(classes, sparsity) : perLayer(classes, sparsity))
                .forEach(c -> removed.addAll(c.atoms()));
        Map<String, int[]> keep = new LinkedHashMap<>();
        for (ChannelGraph.Producer p : g.producers()) {
            keep.put(p.name(), IntStream.range(0, p.channels())
                    .filter(c -> !removed.contains(p.firstAtom() + c)).toArray());
        }
        return ChannelSurgery.keep(model, keep);
    }

    /** Channels per layer in {@code pruned}, against the parent's. */
    List<LayerPruning> report(OnnxModel pruned) {
        Map<String, PrunableLayer> now = new HashMap<>();
        ChannelSurgery.layers(pruned).forEach(l -> now.put(l.node(), l));
        return parentLayers.values().stream().map(l -> new LayerPruning(l.node(), l.opType(), l.unit(), l.before(),
                now.get(l.node()).channels())).toList();
    }

    private List<TiedClass> classes(ChannelGraph g, double[] importance) {
        Map<Integer, List<Integer>> members = new LinkedHashMap<>();
        for (int atom = 0; atom < g.atomCount(); atom++) {
            if (g.lockReason(atom).isEmpty()) {
                members.computeIfAbsent(g.find(atom), r -> new ArrayList<>()).add(atom);
            }
        }
        Map<String, Double> means = new HashMap<>();
        for (ChannelGraph.Producer p : g.producers()) {
            double sum = IntStream.range(p.firstAtom(), p.firstAtom() + p.channels()).mapToDouble(a -> importance[a])
                    .sum();
            means.put(p.name(), Math.max(sum / p.channels(), Double.MIN_NORMAL));
        }
        List<TiedClass> classes = new ArrayList<>();
        for (List<Integer> atoms : members.values()) {
            TreeSet<String> layers = new TreeSet<>();
            double score = 0;
            for (int atom : atoms) {
                ChannelGraph.Producer p = owner(g, atom);
                layers.add(p.name());
                score += importance[atom] / (spec.scope() == PruneSpec.Scope.GLOBAL ? means.get(p.name()) : 1);
            }
            classes.add(new TiedClass(String.join(" + ", layers), atoms, score));
        }
        return classes;
    }

    private List<TiedClass> perLayer(List<TiedClass> classes, double sparsity) {
        Map<String, List<TiedClass>> byLayer = new LinkedHashMap<>();
        classes.forEach(c -> byLayer.computeIfAbsent(c.layer(), k -> new ArrayList<>()).add(c));
        List<TiedClass> removed = new ArrayList<>();
        byLayer.forEach((layer, list) -> {
            int keep = Math.max(1, (int) Math.round((1 - sparsity) * parentClasses.getOrDefault(layer, list.size())));
            list.stream().sorted(Comparator.comparingDouble(TiedClass::score))
                    .limit(Math.max(0, list.size() - keep)).forEach(removed::add);
        });
        return removed;
    }

    private List<TiedClass> global(List<TiedClass> classes, double sparsity) {
        int parentTotal = parentClasses.values().stream().mapToInt(Integer::intValue).sum();
        int toRemove = classes.size() - (int) Math.round((1 - sparsity) * parentTotal);
        Map<String, Integer> left = new HashMap<>();
        classes.forEach(c -> left.merge(c.layer(), 1, Integer::sum));
        List<TiedClass> removed = new ArrayList<>();
        for (TiedClass c : classes.stream().sorted(Comparator.comparingDouble(TiedClass::score)).toList()) {
            if (removed.size() >= toRemove) {
                break;
            }
            if (left.get(c.layer()) > 1) {
                left.merge(c.layer(), -1, Integer::sum);
                removed.add(c);
            }
        }
        return removed;
    }

    private static ChannelGraph.Producer owner(ChannelGraph g, int atom) {
        return g.producers().stream().filter(p -> p.owns(atom)).findFirst().orElseThrow();
    }

    private static String reasons(ChannelGraph g) {
        List<String> reasons = new ArrayList<>();
        for (ChannelGraph.Producer p : g.producers()) {
            g.lockReason(p.firstAtom()).ifPresent(r -> reasons.add("'" + p.name() + "' " + r));
        }
        return reasons.isEmpty() ? "the graph has no Conv, Gemm or MatMul with a constant weight"
                : String.join("; ", reasons);
    }
}
