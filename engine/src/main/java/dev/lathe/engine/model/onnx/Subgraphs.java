package dev.lathe.engine.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.List;

/**
 * The graphs control-flow nodes (If, Loop, Scan) carry as attributes. Exporters of recurrent and branching models
 * (Silero VAD picks its 8 kHz or 16 kHz network with an If) put nearly every weight in them.
 */
public final class Subgraphs {
    private Subgraphs() {
    }

    /** The node's own subgraphs, not those nested deeper. */
    public static List<GraphProto> of(NodeProto node) {
        List<GraphProto> out = new ArrayList<>();
        for (AttributeProto a : node.getAttributeList()) {
            if (a.hasG()) {
                out.add(a.getG());
            }
            out.addAll(a.getGraphsList());
        }
        return out;
    }

    /** Every node inside the node's subgraphs, at any depth. */
    public static List<NodeProto> nestedNodes(NodeProto node) {
        List<NodeProto> out = new ArrayList<>();
        for (GraphProto g : of(node)) {
            for (NodeProto n : g.getNodeList()) {
                out.add(n);
                out.addAll(nestedNodes(n));
            }
        }
        return out;
    }

    /** Every weight inside the node's subgraphs, at any depth: initializers and Constant nodes' values. */
    public static List<TensorProto> nestedWeights(NodeProto node) {
        List<TensorProto> out = new ArrayList<>();
        for (GraphProto g : of(node)) {
            out.addAll(g.getInitializerList());
            for (NodeProto n : g.getNodeList()) {
                if (n.getOpType().equals("Constant")) {
                    n.getAttributeList().stream().filter(AttributeProto::hasT).map(AttributeProto::getT).forEach(out::add);
                }
                out.addAll(nestedWeights(n));
            }
        }
        return out;
    }
}
