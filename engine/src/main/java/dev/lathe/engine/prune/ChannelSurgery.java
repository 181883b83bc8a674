package dev.lathe.engine.prune;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.model.onnx.ValueInfos;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Removes output channels (filters, neurons) from Conv, Gemm and MatMul layers and shrinks everything that depends
 * on them, so the result has fewer parameters and really runs faster, unlike zeroed weights. The graph keeps its
 * nodes, names and metadata; only initializers shrink, and intermediate shape annotations are dropped for the
 * runtime to infer again. When the removed channels were all zero (weights and bias), the outputs stay the same.
 *
 * <p>Public so that other steps reuse it: pruning keeps the most important channels; distillation builds a
 * narrower student with {@link #keepFirst}. See {@link ChannelGraph} for how channels are followed and tied.
 */
public final class ChannelSurgery {
    private ChannelSurgery() {
    }

    /** Every layer whose output channels surgery can follow, in graph order. */
    public static List<PrunableLayer> layers(OnnxModel model) {
        ChannelGraph g = ChannelGraph.analyse(model.proto().getGraph(), new Exclusions(List.of()));
        return g.producers().stream().map(p -> new PrunableLayer(p.name(), p.opType(), p.channels(),
                (int) IntStream.range(p.firstAtom(), p.firstAtom() + p.channels())
                        .filter(a -> g.lockReason(a).isPresent()).count())).toList();
    }

    /**
     * Keeps, for each named layer, only the listed output channels (ascending indices); unnamed layers keep all.
     *
     * @throws PruneException when a name is unknown, an index is out of range, a layer would keep nothing, a locked
     *                        channel would go, or channels tied through an Add are not kept or removed together
     */
    public static OnnxModel keep(OnnxModel model, Map<String, int[]> keep) throws PruneException {
        GraphProto graph = model.proto().getGraph();
        ChannelGraph g = ChannelGraph.analyse(graph, new Exclusions(List.of()));
        boolean[] kept = keptAtoms(g, keep);
        checkTies(g, kept);
        return new OnnxModel(model.proto().toBuilder().setGraph(apply(graph, g, kept)).build());
    }

    /**
     * Keeps the first {@code round(fraction · channels)} channels (at least one) of every layer that has no locked
     * channel: the "width multiplier" student of distillation, to be re-initialised or trained from there.
     */
    public static OnnxModel keepFirst(OnnxModel model, double fraction) throws PruneException {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new PruneException("width fraction must be above 0 and at most 1, not " + fraction);
        }
        Map<String, int[]> keep = new LinkedHashMap<>();
        for (PrunableLayer layer : layers(model)) {
            if (layer.locked() == 0) {
                int k = Math.max(1, (int) Math.round(fraction * layer.channels()));
                keep.put(layer.node(), IntStream.range(0, k).toArray());
            }
        }
        return keep(model, keep);
    }

    private static boolean[] keptAtoms(ChannelGraph g, Map<String, int[]> keep) throws PruneException {
        Map<String, ChannelGraph.Producer> byName = g.producers().stream()
                .collect(Collectors.toMap(ChannelGraph.Producer::name, p -> p, (a, b) -> a, LinkedHashMap::new));
        boolean[] kept = new boolean[g.atomCount()];
        Arrays.fill(kept, true);
        for (Map.Entry<String, int[]> e : keep.entrySet()) {
            ChannelGraph.Producer p = byName.get(e.getKey());
            if (p == null) {
                throw new PruneException("no prunable layer is named '" + e.getKey() + "'; prunable layers are "
                        + String.join(", ", byName.keySet()));
            }
            int[] indices = e.getValue();
            if (indices.length == 0) {
                throw new PruneException("'" + p.name() + "' would keep no channel; keep at least one");
            }
            Arrays.fill(kept, p.firstAtom(), p.firstAtom() + p.channels(), false);
            for (int i = 0; i < indices.length; i++) {
                if (indices[i] < 0 || indices[i] >= p.channels() || i > 0 && indices[i] <= indices[i - 1]) {
                    throw new PruneException("channels to keep in '" + p.name() + "' must be ascending indices"
                            + " from 0 to " + (p.channels() - 1) + "; got " + Arrays.toString(indices));
                }
                kept[p.firstAtom() + indices[i]] = true;
            }
        }
        return kept;
    }

    private static void checkTies(ChannelGraph g, boolean[] kept) throws PruneException {
        Map<Integer, Integer> decided = new HashMap<>();
        for (int atom = 0; atom < kept.length; atom++) {
            if (!kept[atom] && g.lockReason(atom).isPresent()) {
                throw new PruneException(describe(g, atom) + " cannot be removed: it " + g.lockReason(atom).get());
            }
            Integer other = decided.putIfAbsent(g.find(atom), atom);
            if (other != null && kept[other] != kept[atom]) {
                throw new PruneException(describe(g, other) + " and " + describe(g, atom) + " are tied through an"
                        + " Add, Sub, Mul or Div (a residual connection) and must be kept or removed together");
            }
        }
    }

    private static String describe(ChannelGraph g, int atom) {
        ChannelGraph.Producer p = g.producers().stream().filter(x -> x.owns(atom)).findFirst().orElseThrow();
        return "channel " + (atom - p.firstAtom()) + " of '" + p.name() + "'";
    }

    private static GraphProto apply(GraphProto graph, ChannelGraph g, boolean[] kept) {
        Map<String, TensorProto> originals = new HashMap<>();
        graph.getInitializerList().forEach(t -> originals.put(t.getName(), t));
        Map<String, Weights> edited = new LinkedHashMap<>();
        for (ChannelGraph.Slice s : g.slices()) {
            Weights w = edited.containsKey(s.tensor()) ? edited.get(s.tensor())
                    : Weights.of(originals.get(s.tensor()));
            int size = (int) w.dims()[s.axis()];
            int block = s.blocks() ? size / s.atoms().length : 1;
            int[] indices = IntStream.range(0, size).filter(i -> kept[s.atoms()[i / block]]).toArray();
            if (indices.length != size) {
                edited.put(s.tensor(), w.keep(s.axis(), indices));
            }
        }
        if (edited.isEmpty()) {
            return graph;
        }
        GraphProto.Builder b = graph.toBuilder();
        for (int i = 0; i < b.getInitializerCount(); i++) {
            Weights w = edited.get(b.getInitializer(i).getName());
            if (w != null) {
                b.setInitializer(i, w.writeInto(b.getInitializer(i)));
            }
        }
        List<ValueInfoProto> inputs = new ArrayList<>(b.getInputList());
        for (int i = 0; i < inputs.size(); i++) {
            Weights w = edited.get(inputs.get(i).getName());
            if (w != null) {
                b.setInput(i, ValueInfos.withShape(inputs.get(i), w.dims()));
            }
        }
        return b.clearValueInfo().build();
    }
}
