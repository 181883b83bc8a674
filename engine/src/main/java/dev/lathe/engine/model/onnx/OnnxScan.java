package dev.lathe.engine.model.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.ShapeLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks an ONNX file against Lathe's bounds as a stream, before anything parses it whole or hands it to a runtime:
 * how many nodes, how deep the subgraphs nest, every declared size, and that every weight holds exactly the values
 * its dimensions promise. Weight data is skipped, not read, so a check costs a pass over the file and little
 * memory, and stops at the first problem (a 300 000-node graph is refused after its 100 001st node).
 */
final class OnnxScan {
    /** Nodes in a model, subgraphs and functions included: about 8× the largest transformer exports (~12 000). */
    static final int MAX_NODES = 100_000;
    /** Subgraphs inside subgraphs (If in a Loop in a Scan…): exporters nest 3 or 4 deep. */
    static final int MAX_GRAPH_DEPTH = 16;

    private static final int LENGTH_DELIMITED = WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private final Path file;
    private final Set<String> initializers = new HashSet<>();
    private final List<OnnxMl.ValueInfoProto> inputs = new ArrayList<>();
    private int nodes;

    private OnnxScan(Path file) {
        this.file = file;
    }

    /**
     * @param file names the model in messages
     * @throws ModelFormatException naming what is out of bounds and the bound
     * @throws InvalidProtocolBufferException when the bytes are no protobuf at all
     */
    static void check(Path file, InputStream in, long size) throws ModelFormatException, IOException {
        CodedInputStream c = CodedInputStream.newInstance(in);
        c.setSizeLimit(Integer.MAX_VALUE);
        // Every length inside is checked against what is left, so none can push protobuf's limits past the end.
        c.pushLimit((int) Math.min(size, Integer.MAX_VALUE));
        new OnnxScan(file).model(c);
    }

    private void model(CodedInputStream c) throws IOException, ModelFormatException {
        boolean graph = false;
        for (int tag = c.readTag(); tag != 0; tag = c.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == 7 && wire(tag) == LENGTH_DELIMITED && !graph) {
                graph = true;
                message(c, () -> graph(c, 0, true));
            } else if (field == 25 && wire(tag) == LENGTH_DELIMITED) {
                message(c, () -> function(c));
            } else {
                c.skipField(tag);
            }
        }
        for (OnnxMl.ValueInfoProto input : inputs) {
            if (!initializers.contains(input.getName())) {
                checkInput(input);
            }
        }
    }

    private void graph(CodedInputStream c, int depth, boolean top) throws IOException, ModelFormatException {
        if (depth > MAX_GRAPH_DEPTH) {
            throw refuse("nests subgraphs (If, Loop, Scan) more than " + MAX_GRAPH_DEPTH + " deep; Lathe reads up to "
                    + MAX_GRAPH_DEPTH + " levels");
        }
        for (int tag = c.readTag(); tag != 0; tag = c.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (wire(tag) != LENGTH_DELIMITED) {
                c.skipField(tag);
            } else if (field == 1) {
                countNode();
                message(c, () -> node(c, depth));
            } else if (field == 5) {
                message(c, () -> {
                    String name = tensor(c);
                    if (top) {
                        initializers.add(name);
                    }
                });
            } else if (field == 11 || field == 12 || field == 13) {
                OnnxMl.ValueInfoProto value = OnnxMl.ValueInfoProto.parseFrom(c.readBytes());
                checkDeclared(value, field == 12 ? "output" : field == 11 ? "input" : "value");
                if (top && field == 11) {
                    inputs.add(value);
                }
            } else {
                c.skipField(tag);
            }
        }
    }

    private void function(CodedInputStream c) throws IOException, ModelFormatException {
        for (int tag = c.readTag(); tag != 0; tag = c.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 7 && wire(tag) == LENGTH_DELIMITED) {
                countNode();
                message(c, () -> node(c, 1));
            } else {
                c.skipField(tag);
            }
        }
    }

    private void node(CodedInputStream c, int depth) throws IOException, ModelFormatException {
        for (int tag = c.readTag(); tag != 0; tag = c.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 5 && wire(tag) == LENGTH_DELIMITED) {
                message(c, () -> attribute(c, depth));
            } else {
                c.skipField(tag);
            }
        }
    }

    private void attribute(CodedInputStream c, int depth) throws IOException, ModelFormatException {
        for (int tag = c.readTag(); tag != 0; tag = c.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (wire(tag) != LENGTH_DELIMITED) {
                c.skipField(tag);
            } else if (field == 5 || field == 10) {
                message(c, () -> tensor(c));
            } else if (field == 6 || field == 11) {
                message(c, () -> graph(c, depth + 1, false));
            } else {
                c.skipField(tag);
            }
        }
    }

    private void countNode() throws ModelFormatException {
        if (++nodes > MAX_NODES) {
            throw refuse("has more than " + ShapeLimits.count(MAX_NODES) + " nodes; Lathe reads graphs of up to "
                    + ShapeLimits.count(MAX_NODES) + " (subgraphs included), about 8 times the largest transformer "
                    + "exports");
        }
    }

    /** Checks one weight and returns its name. */
    private String tensor(CodedInputStream c) throws IOException, ModelFormatException {
        TensorScan t = new TensorScan();
        for (int tag = c.readTag(); tag != 0; tag = c.readTag()) {
            t.field(c, tag);
        }
        t.check(this);
        return t.name;
    }

    private void checkDeclared(OnnxMl.ValueInfoProto value, String what) throws ModelFormatException {
        if (!value.getType().hasTensorType() || !value.getType().getTensorType().hasShape()) {
            return;
        }
        List<OnnxMl.TensorShapeProto.Dimension> dims = value.getType().getTensorType().getShape().getDimList();
        if (dims.size() > ShapeLimits.MAX_RANK) {
            throw refuse(what + " '" + value.getName() + "' declares " + dims.size() + " dimensions; Lathe reads "
                    + "tensors of up to " + ShapeLimits.MAX_RANK);
        }
        for (OnnxMl.TensorShapeProto.Dimension d : dims) {
            if (d.hasDimValue() && d.getDimValue() > ShapeLimits.MAX_DIM) {
                throw refuse(what + " '" + value.getName() + "' declares a size of " + d.getDimValue()
                        + "; Lathe reads sizes of up to " + ShapeLimits.count(ShapeLimits.MAX_DIM));
            }
        }
    }

    private void checkInput(OnnxMl.ValueInfoProto input) throws ModelFormatException {
        if (!input.getType().hasTensorType()) {
            return;
        }
        long n = 1;
        for (OnnxMl.TensorShapeProto.Dimension d : input.getType().getTensorType().getShape().getDimList()) {
            n = d.hasDimValue() && d.getDimValue() >= 0 ? ShapeLimits.multiplyCapped(n, d.getDimValue()) : n;
        }
        if (n > ShapeLimits.MAX_INPUT_ELEMENTS) {
            throw refuse("input '" + input.getName() + "' declares " + OnnxTypes.tensorInfo(input).describe() + ", "
                    + (n == Long.MAX_VALUE ? "more than 2^63" : ShapeLimits.count(n)) + " values; Lathe feeds inputs "
                    + "of up to " + ShapeLimits.count(ShapeLimits.MAX_INPUT_ELEMENTS) + " values (1 GiB of float)");
        }
    }

    ModelFormatException refuse(String problem) {
        return new ModelFormatException(file, problem);
    }

    private static int wire(int tag) {
        return WireFormat.getTagWireType(tag);
    }

    /** Reads one length-delimited submessage with {@code body}, which reads its fields until the limit. */
    private static void message(CodedInputStream c, Body body) throws IOException, ModelFormatException {
        int old = c.pushLimit(TensorScan.length(c));
        if (c.getBytesUntilLimit() < 0) {
            throw new InvalidProtocolBufferException("a message is longer than what holds it");
        }
        body.read();
        c.skipRawBytes(c.getBytesUntilLimit());
        c.popLimit(old);
    }

    @FunctionalInterface
    private interface Body {
        void read() throws IOException, ModelFormatException;
    }
}
