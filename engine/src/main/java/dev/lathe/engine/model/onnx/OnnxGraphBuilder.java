package dev.lathe.engine.model.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.ElementType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes an ONNX model one graph element at a time: inputs, outputs, initializers, nodes, metadata. {@link #build()}
 * checks that every name a node reads is defined before it, so a wiring mistake fails here, naming the node, rather
 * than later inside a runtime with a less helpful message.
 */
public final class OnnxGraphBuilder {
    /** IR 8 is what ONNX 1.10–1.12 write; every ONNX Runtime Lathe ships reads it. */
    public static final long IR_VERSION = 8;
    public static final int DEFAULT_OPSET = 17;

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private final Map<String, Long> opsets = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String producerName = "lathe";
    private String producerVersion = "";
    private String docString = "";

    public OnnxGraphBuilder(String graphName) {
        graph.setName(graphName);
        opsets.put("", (long) DEFAULT_OPSET);
    }

    /** The version of the default ("ai.onnx") operator set the nodes follow. */
    public OnnxGraphBuilder opset(int version) {
        return opset("", version);
    }

    /** Imports another operator domain (e.g. "com.microsoft") or sets the default one with domain "". */
    public OnnxGraphBuilder opset(String domain, int version) {
        opsets.put(domain, (long) version);
        return this;
    }

    public OnnxGraphBuilder producer(String name, String version) {
        producerName = name;
        producerVersion = version;
        return this;
    }

    public OnnxGraphBuilder docString(String text) {
        docString = text;
        return this;
    }

    public OnnxGraphBuilder metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /**
     * A graph input. Each dimension is a {@link Number} (fixed size), a {@link String} (a symbol such as "batch") or
     * a {@link Dim}.
     */
    public OnnxGraphBuilder input(String name, ElementType type, List<?> dims) {
        graph.addInput(valueInfo(name, type, dims));
        return this;
    }

    /** A graph output; its shape is always written, since tools (and Lathe's own inspector) show it to users. */
    public OnnxGraphBuilder output(String name, ElementType type, List<?> dims) {
        graph.addOutput(valueInfo(name, type, dims));
        return this;
    }

    /** A float32 constant, stored as little-endian raw_data (compact, and what every runtime reads fastest). */
    public OnnxGraphBuilder initializer(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return initializer(name, ElementType.FLOAT, bytes.array(), values.length, dims);
    }

    /** An int64 constant, such as a Reshape target shape. */
    public OnnxGraphBuilder initializer(String name, long[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        return initializer(name, ElementType.INT64, bytes.array(), values.length, dims);
    }

    /**
     * A constant of any fixed-width type, given as little-endian bytes (e.g. int8 weights and int32 biases of a
     * quantized layer). {@code count} is the number of elements, checked against {@code dims}.
     */
    public OnnxGraphBuilder initializer(String name, ElementType type, byte[] littleEndian, long count, long... dims) {
        long expected = Arrays.stream(dims).reduce(1, Math::multiplyExact);
        if (expected != count) {
            throw new IllegalArgumentException("initializer '" + name + "' has " + count
                    + " values but shape " + Arrays.toString(dims) + " needs " + expected);
        }
        graph.addInitializer(TensorProto.newBuilder()
                .setName(name)
                .setDataType(dataType(type).getNumber())
                .addAllDims(Arrays.stream(dims).boxed().toList())
                .setRawData(ByteString.copyFrom(littleEndian)));
        return this;
    }

    /** A node in the default domain. Pass "" as an input name to skip an optional input. */
    public OnnxGraphBuilder node(String opType, List<String> inputs, List<String> outputs, String name,
            AttributeProto... attributes) {
        return node("", opType, inputs, outputs, name, attributes);
    }

    /** A node in another operator domain, which must also be imported with {@link #opset(String, int)}. */
    public OnnxGraphBuilder node(String domain, String opType, List<String> inputs, List<String> outputs,
            String name, AttributeProto... attributes) {
        graph.addNode(OnnxMl.NodeProto.newBuilder()
                .setName(name)
                .setOpType(opType)
                .setDomain(domain)
                .addAllInput(inputs)
                .addAllOutput(outputs)
                .addAllAttribute(Arrays.asList(attributes)));
        return this;
    }

    public static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto intsAttr(String name, long... values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                .addAllInts(Arrays.stream(values).boxed().toList()).build();
    }

    public static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                .setF(value).build();
    }

    public static AttributeProto stringAttr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    /** The finished model, after checking that the graph is wired: see the class comment. */
    public OnnxMl.ModelProto build() {
        checkWiring();
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(producerName)
                .setProducerVersion(producerVersion)
                .setDocString(docString)
                .setGraph(graph);
        opsets.forEach((domain, version) ->
                model.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version)));
        metadata.forEach((key, value) ->
                model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build();
    }

    /** Builds the model and writes it, creating the parent folder if needed. */
    public void write(Path file) throws IOException {
        OnnxMl.ModelProto model = build();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
    }

    // ONNX requires nodes in topological order; checking it here points at the node, not at a runtime stack trace.
    private void checkWiring() {
        Set<String> defined = new HashSet<>();
        graph.getInputList().forEach(v -> defined.add(v.getName()));
        graph.getInitializerList().forEach(t -> defined.add(t.getName()));
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            for (String input : node.getInputList()) {
                if (!input.isEmpty() && !defined.contains(input)) {
                    throw new IllegalStateException("node '" + node.getName() + "' (" + node.getOpType()
                            + ") reads '" + input + "', which no input, initializer or earlier node defines");
                }
            }
            defined.addAll(node.getOutputList());
        }
        for (OnnxMl.ValueInfoProto output : graph.getOutputList()) {
            if (!defined.contains(output.getName())) {
                throw new IllegalStateException("graph output '" + output.getName() + "' is produced by no node");
            }
        }
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, ElementType type, List<?> dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            shape.addDim(dimension(name, dim));
        }
        OnnxMl.TypeProto.Tensor tensor = OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(dataType(type).getNumber())
                .setShape(shape)
                .build();
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensor))
                .build();
    }

    private static OnnxMl.TensorShapeProto.Dimension dimension(String valueName, Object dim) {
        OnnxMl.TensorShapeProto.Dimension.Builder d = OnnxMl.TensorShapeProto.Dimension.newBuilder();
        if (dim instanceof Number n) {
            return d.setDimValue(n.longValue()).build();
        }
        if (dim instanceof String symbol) {
            return d.setDimParam(symbol).build();
        }
        if (dim instanceof Dim known) {
            if (known.isFixed()) {
                return d.setDimValue(known.size()).build();
            }
            return known.symbol().isEmpty() ? d.build() : d.setDimParam(known.symbol()).build();
        }
        throw new IllegalArgumentException("'" + valueName + "': a dimension must be a number, a symbol string or"
                + " a Dim, not " + dim);
    }

    /** The ONNX element type for a Lathe one; {@code OTHER} has none. */
    public static TensorProto.DataType dataType(ElementType type) {
        if (type == ElementType.OTHER) {
            throw new IllegalArgumentException("ONNX has no element type for 'other'");
        }
        // ElementType's constants are named exactly as ONNX names its data types.
        return TensorProto.DataType.valueOf(type.name());
    }
}
