package dev.lathe.engine.prune;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where each prunable layer's output channels go. Every output channel of a Conv (group 1), Gemm or MatMul with a
 * constant weight is an "atom"; the walk follows atoms through the graph and records every tensor slice that must
 * shrink with them: BatchNorm parameters, the next Conv's input channels, the next Gemm/MatMul's input features
 * (after Flatten each channel is a block of H·W consecutive features). Add, Sub, Mul and Div tie the atoms they
 * combine (a residual forces both branches to keep the same channels); Concat lays atoms side by side. Atoms that
 * reach a graph output or an operator the walk does not understand are locked: they must all be kept, so the
 * classes and a model input's channels are never pruned.
 */
final class ChannelGraph {
    private static final Set<String> PASS_THROUGH = Set.of("Relu", "LeakyRelu", "Sigmoid", "Tanh", "HardSigmoid",
            "HardSwish", "Clip", "Identity", "Dropout");
    private static final Set<String> SPATIAL = Set.of("MaxPool", "AveragePool", "GlobalAveragePool",
            "GlobalMaxPool");
    private static final Set<String> ELEMENTWISE = Set.of("Add", "Sub", "Mul", "Div");

    /** A layer whose output channels can be removed: its weight's {@code outAxis} indexes them. */
    record Producer(String name, String opType, String weight, int outAxis, int firstAtom, int channels) {
        boolean owns(int atom) {
            return atom >= firstAtom && atom < firstAtom + channels;
        }
    }

    /** The atom behind each channel of a tensor; after Flatten each channel is a block of features. */
    record Layout(int[] atoms, boolean flattened) {
    }

    /** Initializer {@code tensor} shrinks along {@code axis} with {@code atoms} (in blocks, after Flatten). */
    record Slice(String tensor, int axis, int[] atoms, boolean blocks) {
    }

    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final List<Producer> producers = new ArrayList<>();
    private final Map<String, Layout> layouts = new HashMap<>();
    private final List<Slice> slices = new ArrayList<>();
    private final List<Integer> parent = new ArrayList<>();
    private final Map<Integer, String> lockReasons = new HashMap<>();

    private ChannelGraph(GraphProto graph) {
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
    }

    static ChannelGraph analyse(GraphProto graph, Exclusions exclusions) {
        ChannelGraph g = new ChannelGraph(graph);
        for (NodeProto node : graph.getNodeList()) {
            g.visit(node, exclusions);
        }
        for (ValueInfoProto output : graph.getOutputList()) {
            g.lock(g.layouts.get(output.getName()), "reaches the graph output '" + output.getName() + "'");
        }
        return g;
    }

    List<Producer> producers() {
        return List.copyOf(producers);
    }

    List<Slice> slices() {
        return List.copyOf(slices);
    }

    int atomCount() {
        return parent.size();
    }

    int find(int atom) {
        int root = atom;
        while (parent.get(root) != root) {
            root = parent.get(root);
        }
        parent.set(atom, root);
        return root;
    }

    /** Why the atom's class must be kept, if it must. */
    Optional<String> lockReason(int atom) {
        return Optional.ofNullable(lockReasons.get(find(atom)));
    }

    private void visit(NodeProto node, Exclusions exclusions) {
        Optional<Integer> outAxis = outAxis(node);
        Layout in = node.getInputCount() > 0 ? layouts.get(node.getInput(0)) : null;
        if (outAxis.isPresent()) {
            addProducer(node, outAxis.get(), in, exclusions.excludes(node));
            return;
        }
        exclusions.excludes(node);
        List<Layout> inputs = node.getInputList().stream().map(layouts::get).toList();
        if (inputs.stream().allMatch(l -> l == null)) {
            return;
        }
        String op = node.getOpType();
        String why = "is read by '" + Exclusions.displayName(node) + "' (" + op + "), which channel pruning"
                + " cannot follow";
        Layout out = null;
        if (PASS_THROUGH.contains(op) && in != null && inputs.stream().skip(1).allMatch(l -> l == null)) {
            out = in;
        } else if (SPATIAL.contains(op) && in != null && !in.flattened()) {
            out = in;
        } else if (op.equals("BatchNormalization") && in != null && !in.flattened() && sliceAll(node, 1, in)) {
            out = in;
        } else if (ELEMENTWISE.contains(op) && node.getInputCount() == 2) {
            out = elementwise(node, inputs);
        } else if (op.equals("Concat") && intAttr(node, "axis", 0) == 1) {
            out = concat(inputs);
        } else if (in != null && !in.flattened() && (op.equals("Flatten") && intAttr(node, "axis", 1) == 1
                || op.equals("Reshape") && flattens(node))) {
            out = new Layout(in.atoms(), true);
        }
        if (out == null) {
            inputs.forEach(l -> lock(l, why));
        } else {
            layouts.put(node.getOutput(0), out);
        }
    }

    private void addProducer(NodeProto node, int outAxis, Layout in, boolean excluded) {
        if (in != null) {
            consume(node, in);
        }
        int[] atoms = new int[(int) dims(node.getInput(1))[outAxis]];
        for (int c = 0; c < atoms.length; c++) {
            atoms[c] = parent.size();
            parent.add(atoms[c]);
        }
        producers.add(new Producer(Exclusions.displayName(node), node.getOpType(), node.getInput(1), outAxis,
                atoms[0], atoms.length));
        slices.add(new Slice(node.getInput(1), outAxis, atoms, false));
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            channelAxis(node.getInput(2), atoms.length).filter(a -> a >= 0)
                    .ifPresent(a -> slices.add(new Slice(node.getInput(2), a, atoms, false)));
        }
        Layout out = new Layout(atoms, false);
        layouts.put(node.getOutput(0), out);
        if (excluded) {
            lock(out, "is excluded");
        }
    }

    /** The weight axis that indexes the node's output channels, when its channels can be pruned. */
    private Optional<Integer> outAxis(NodeProto node) {
        String op = node.getOpType();
        if (node.getInputCount() < 2 || !isFloat(node.getInput(1))) {
            return Optional.empty();
        }
        long[] w = dims(node.getInput(1));
        Optional<Integer> axis = Optional.empty();
        if (op.equals("Conv") && w.length == 4 && intAttr(node, "group", 1) == 1) {
            axis = Optional.of(0);
        } else if (op.equals("Gemm") && w.length == 2 && intAttr(node, "transA", 0) == 0) {
            axis = Optional.of(intAttr(node, "transB", 0) == 1 ? 0 : 1);
        } else if (op.equals("MatMul") && w.length == 2) {
            axis = Optional.of(1);
        }
        boolean biasFits = node.getInputCount() < 3 || node.getInput(2).isEmpty()
                || axis.isPresent() && channelAxis(node.getInput(2), (int) w[axis.get()]).isPresent();
        return biasFits ? axis : Optional.empty();
    }

    /** A producer reading pruned channels loses the matching input channels or features of its weight. */
    private void consume(NodeProto node, Layout in) {
        long[] w = dims(node.getInput(1));
        int inAxis = switch (node.getOpType()) {
            case "Conv" -> 1;
            case "Gemm" -> intAttr(node, "transB", 0) == 1 ? 1 : 0;
            default -> 0;
        };
        int n = in.atoms().length;
        boolean fits = in.flattened() ? !node.getOpType().equals("Conv") && w[inAxis] % n == 0 : w[inAxis] == n;
        if (fits) {
            slices.add(new Slice(node.getInput(1), inAxis, in.atoms(), in.flattened()));
        } else {
            lock(in, "is read by '" + Exclusions.displayName(node) + "' with a weight of another width");
        }
    }

    private Layout elementwise(NodeProto node, List<Layout> inputs) {
        Layout a = inputs.get(0);
        Layout b = inputs.get(1);
        if (a != null && b != null) {
            if (a.atoms().length != b.atoms().length || a.flattened() != b.flattened()) {
                return null;
            }
            for (int c = 0; c < a.atoms().length; c++) {
                union(a.atoms()[c], b.atoms()[c]);
            }
            return a;
        }
        Layout l = a != null ? a : b;
        String constant = node.getInput(a != null ? 1 : 0);
        if (!isFloat(constant)) {
            return null;
        }
        Optional<Integer> axis = l.flattened() ? (count(constant) == 1 ? Optional.of(-1) : Optional.empty())
                : channelAxis(constant, l.atoms().length);
        axis.filter(x -> x >= 0).ifPresent(x -> slices.add(new Slice(constant, x, l.atoms(), false)));
        return axis.isPresent() ? l : null;
    }

    private Layout concat(List<Layout> inputs) {
        if (inputs.stream().anyMatch(l -> l == null || l.flattened())) {
            return null;
        }
        int[] atoms = inputs.stream().flatMapToInt(l -> Arrays.stream(l.atoms())).toArray();
        return new Layout(atoms, false);
    }

    private boolean sliceAll(NodeProto node, int from, Layout in) {
        for (int i = from; i < node.getInputCount(); i++) {
            if (!isFloat(node.getInput(i)) || count(node.getInput(i)) != in.atoms().length) {
                return false;
            }
        }
        for (int i = from; i < node.getInputCount(); i++) {
            slices.add(new Slice(node.getInput(i), 0, in.atoms(), false));
        }
        return true;
    }

    /** Reshape to [batch, -1] (or [0, -1]): the same memory order as Flatten with axis 1. */
    private boolean flattens(NodeProto node) {
        TensorProto shape = initializers.get(node.getInput(1));
        if (shape == null || shape.getDataType() != TensorProto.DataType.INT64_VALUE) {
            return false;
        }
        if (shape.getRawData().isEmpty()) {
            return shape.getInt64DataCount() == 2 && shape.getInt64Data(1) == -1;
        }
        LongBuffer raw = shape.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        return raw.remaining() == 2 && raw.get(1) == -1;
    }

    /**
     * The axis of a per-channel constant with {@code channels} entries (bias [C], [C,1,1], [1,C]): -1 when it holds
     * a single value shared by all channels, empty when it fits neither.
     */
    private Optional<Integer> channelAxis(String constant, int channels) {
        if (!isFloat(constant)) {
            return Optional.empty();
        }
        long[] d = dims(constant);
        if (count(constant) == 1) {
            return Optional.of(-1);
        }
        int axis = -1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] != 1) {
                if (axis >= 0 || d[i] != channels) {
                    return Optional.empty();
                }
                axis = i;
            }
        }
        return Optional.of(axis);
    }

    private void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            parent.set(ra, rb);
            String reason = lockReasons.remove(ra);
            if (reason != null) {
                lockReasons.putIfAbsent(rb, reason);
            }
        }
    }

    private void lock(Layout layout, String reason) {
        if (layout != null) {
            for (int atom : layout.atoms()) {
                lockReasons.putIfAbsent(find(atom), reason);
            }
        }
    }

    private boolean isFloat(String name) {
        TensorProto t = initializers.get(name);
        return t != null && Weights.isFloat(t);
    }

    private long[] dims(String name) {
        return initializers.get(name).getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    private long count(String name) {
        long n = 1;
        for (long d : dims(name)) {
            n *= d;
        }
        return n;
    }

    private static long intAttr(NodeProto node, String name, long fallback) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name))
                .mapToLong(AttributeProto::getI).findFirst().orElse(fallback);
    }
}
