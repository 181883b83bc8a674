package dev.lathe.engine.model.onnx;

import ai.onnx.proto.OnnxMl;
import dev.lathe.engine.model.LayerInfo;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.model.TensorInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Summarizes an ONNX model: its interface, its weights (initializers and Constant nodes) and how they are spread
 * over the nodes. A weight shared by several nodes is counted once, for the first node that reads it. A control-flow
 * node (If, Loop, Scan) owns the weights of its subgraphs, and the nodes inside them count among the ops.
 */
public final class OnnxInspector {

    public ModelSummary summarize(OnnxModel model, String fileName, String sha256, long fileBytes) {
        OnnxMl.ModelProto proto = model.proto();
        OnnxMl.GraphProto graph = proto.getGraph();
        Map<String, OnnxMl.TensorProto> weights = new HashMap<>();
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            weights.put(t.getName(), t);
        }
        List<LayerInfo> rows = new ArrayList<>();
        Set<String> counted = new HashSet<>();
        long totalParams = 0;
        long totalBytes = 0;
        Map<String, Integer> ops = new TreeMap<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            ops.merge(node.getOpType(), 1, Integer::sum);
            Subgraphs.nestedNodes(node).forEach(n -> ops.merge(n.getOpType(), 1, Integer::sum));
            long params = 0;
            long bytes = 0;
            for (OnnxMl.TensorProto t : ownedWeights(node, weights, counted)) {
                params += OnnxTypes.elementCount(t);
                bytes += OnnxTypes.storedBytes(t);
            }
            totalParams += params;
            totalBytes += bytes;
            rows.add(new LayerInfo(nodeName(node, rows.size()), node.getOpType(), params, bytes, 0));
        }
        List<LayerInfo> layers = withShares(rows, totalBytes);
        return new ModelSummary(fileName, ModelFormat.ONNX, sha256, fileBytes, producer(proto),
                Optional.of(proto.getIrVersion()), opsets(proto), inputs(graph, weights.keySet()),
                graph.getOutputList().stream().map(OnnxTypes::tensorInfo).toList(),
                totalParams, totalBytes, sortedByCount(ops), layers, metadata(proto));
    }

    private static List<OnnxMl.TensorProto> ownedWeights(OnnxMl.NodeProto node, Map<String, OnnxMl.TensorProto> weights,
                                                         Set<String> counted) {
        List<OnnxMl.TensorProto> owned = new ArrayList<>();
        for (String input : node.getInputList()) {
            OnnxMl.TensorProto t = weights.get(input);
            if (t != null && counted.add(input)) {
                owned.add(t);
            }
        }
        if (node.getOpType().equals("Constant")) {
            for (OnnxMl.AttributeProto a : node.getAttributeList()) {
                if (a.hasT()) {
                    owned.add(a.getT());
                }
            }
        }
        owned.addAll(Subgraphs.nestedWeights(node));
        return owned;
    }

    private static List<LayerInfo> withShares(List<LayerInfo> rows, long totalBytes) {
        List<LayerInfo> out = new ArrayList<>(rows.size());
        for (LayerInfo r : rows) {
            double share = totalBytes == 0 ? 0 : (double) r.bytes() / totalBytes;
            out.add(new LayerInfo(r.name(), r.op(), r.parameters(), r.bytes(), share));
        }
        return out;
    }

    private static String nodeName(OnnxMl.NodeProto node, int index) {
        return node.getName().isEmpty() ? node.getOpType() + "_" + index : node.getName();
    }

    private static List<TensorInfo> inputs(OnnxMl.GraphProto graph, Set<String> initializers) {
        // Before IR 4 initializers were also listed as graph inputs; they are weights, not inputs a user feeds.
        return graph.getInputList().stream()
                .filter(v -> !initializers.contains(v.getName()))
                .map(OnnxTypes::tensorInfo)
                .toList();
    }

    private static String producer(OnnxMl.ModelProto proto) {
        String name = proto.getProducerName();
        String version = proto.getProducerVersion();
        if (name.isEmpty()) {
            return "(not recorded)";
        }
        return version.isEmpty() ? name : name + " " + version;
    }

    private static Map<String, Long> opsets(OnnxMl.ModelProto proto) {
        Map<String, Long> opsets = new LinkedHashMap<>();
        for (OnnxMl.OperatorSetIdProto id : proto.getOpsetImportList()) {
            opsets.put(id.getDomain().isEmpty() ? "ai.onnx" : id.getDomain(), id.getVersion());
        }
        return opsets;
    }

    private static Map<String, String> metadata(OnnxMl.ModelProto proto) {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (OnnxMl.StringStringEntryProto e : proto.getMetadataPropsList()) {
            metadata.put(e.getKey(), e.getValue());
        }
        return metadata;
    }

    private static Map<String, Integer> sortedByCount(Map<String, Integer> ops) {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        ops.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
