package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model's graph opened for rewriting: nodes as a list in topological order and initializers by name. Constant
 * nodes holding a tensor become initializers on opening, so every rewrite finds weights in one place. Unchanged
 * initializers keep their original {@code ByteString}s, so nothing is copied that is not rewritten.
 */
final class GraphEdit {
    private final ModelProto model;
    private final List<NodeProto> nodes = new ArrayList<>();
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Map<String, Long> extraOpsets = new LinkedHashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private boolean dropValueInfo;
    private long raisedOpset = -1;

    GraphEdit(ModelProto model) {
        this.model = model;
        model.getGraph().getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        for (NodeProto node : model.getGraph().getNodeList()) {
            Optional<TensorProto> constant = constantTensor(node);
            if (constant.isPresent()) {
                initializers.put(node.getOutput(0), constant.get().toBuilder().setName(node.getOutput(0)).build());
            } else {
                nodes.add(node);
            }
            usedNames.add(node.getName());
            usedNames.addAll(node.getOutputList());
        }
        usedNames.addAll(initializers.keySet());
        model.getGraph().getInputList().forEach(v -> usedNames.add(v.getName()));
    }

    private static Optional<TensorProto> constantTensor(NodeProto node) {
        if (!node.getOpType().equals("Constant") || !node.getDomain().isEmpty()) {
            return Optional.empty();
        }
        return node.getAttributeList().stream()
                .filter(a -> a.getName().equals("value") && a.getType() == AttributeProto.AttributeType.TENSOR)
                .map(AttributeProto::getT)
                .findFirst();
    }

    List<NodeProto> nodes() {
        return nodes;
    }

    Optional<TensorProto> initializer(String name) {
        return Optional.ofNullable(initializers.get(name));
    }

    void putInitializer(TensorProto tensor) {
        initializers.put(tensor.getName(), tensor);
    }

    /** The default-domain opset the model follows; ops and attributes available depend on it. */
    long opset() {
        return raisedOpset > 0 ? raisedOpset : model.getOpsetImportList().stream()
                .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(OperatorSetIdProto::getVersion).findFirst().orElse(1);
    }

    /** Makes the built model declare this default-domain opset; the caller vouches that every op means the same. */
    void raiseOpset(long version) {
        raisedOpset = version;
    }

    void importDomain(String domain, long version) {
        boolean present = model.getOpsetImportList().stream().anyMatch(o -> o.getDomain().equals(domain));
        if (!present) {
            extraOpsets.put(domain, version);
        }
    }

    boolean isGraphOutput(String tensor) {
        return model.getGraph().getOutputList().stream().anyMatch(v -> v.getName().equals(tensor));
    }

    boolean isGraphInput(String tensor) {
        return model.getGraph().getInputList().stream().anyMatch(v -> v.getName().equals(tensor))
                && !initializers.containsKey(tensor);
    }

    int consumerCount(String tensor) {
        int n = 0;
        for (NodeProto node : nodes) {
            for (String input : node.getInputList()) {
                n += input.equals(tensor) ? 1 : 0;
            }
        }
        return n + (isGraphOutput(tensor) ? 1 : 0);
    }

    List<NodeProto> consumers(String tensor) {
        return nodes.stream().filter(n -> n.getInputList().contains(tensor)).toList();
    }

    Optional<NodeProto> producer(String tensor) {
        return nodes.stream().filter(n -> n.getOutputList().contains(tensor)).findFirst();
    }

    /** A name no tensor or node in the graph uses yet, derived from {@code base}. */
    String freshName(String base) {
        String name = base;
        for (int i = 1; usedNames.contains(name); i++) {
            name = base + "_" + i;
        }
        usedNames.add(name);
        return name;
    }

    /** Drops the intermediate tensors' recorded types, once a rewrite changes element types throughout. */
    void dropValueInfo() {
        dropValueInfo = true;
    }

    /** The edited model; initializers no node reads any more (the float originals of quantized weights) are dropped. */
    ModelProto build() {
        Set<String> read = new HashSet<>();
        nodes.forEach(n -> read.addAll(n.getInputList()));
        model.getGraph().getOutputList().forEach(v -> read.add(v.getName()));
        GraphProto.Builder graph = model.getGraph().toBuilder().clearNode().clearInitializer().clearInput()
                .addAllNode(nodes);
        // Old exporters list initializers as graph inputs too; a dropped float weight must not stay an input.
        model.getGraph().getInputList().stream()
                .filter(v -> !initializers.containsKey(v.getName()) || read.contains(v.getName()))
                .forEach(graph::addInput);
        initializers.values().stream().filter(t -> read.contains(t.getName())).forEach(graph::addInitializer);
        if (dropValueInfo) {
            graph.clearValueInfo();
        }
        ModelProto.Builder out = model.toBuilder().setGraph(graph);
        if (raisedOpset > 0) {
            for (int i = 0; i < out.getOpsetImportCount(); i++) {
                String domain = out.getOpsetImport(i).getDomain();
                if (domain.isEmpty() || domain.equals("ai.onnx")) {
                    out.setOpsetImport(i, out.getOpsetImport(i).toBuilder().setVersion(raisedOpset));
                }
            }
        }
        extraOpsets.forEach((domain, version) ->
                out.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version)));
        return out.build();
    }
}
