package dev.lathe.engine.export.pte;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Serializes an {@link XnnGraph} as the XNNPACK delegate reads it: a 32-byte {@code XH00} header (magic at byte 4,
 * header length, flatbuffer offset and size, constant offset and size), then the {@code XN01} FlatBuffer. Constants
 * are not in the payload: the backend frees its payload once compiled, and XNNPACK keeps pointers to the constants
 * it does not repack (a binary op's static operand), so each constant is named data of the program, looked up by
 * {@link XnnGraph#key}. Tables are written field slot by field slot, after the delegate's
 * {@code serialization/schema.fbs}; a union field takes two slots (its type, then its table).
 */
final class XnnWriter {
    static final String IDENTIFIER = "XN01";
    private static final int HEADER_LENGTH = 30;
    private static final int HEADER_PADDED = 32;
    private static final int ALIGNMENT = 16;
    private static final byte TENSOR_VALUE = 1;
    private static final byte QUANTIZED_TENSOR_VALUE = 2;
    private static final byte PER_CHANNEL = 1;
    private static final byte PER_TENSOR = 2;

    private XnnWriter() {
    }

    static byte[] write(XnnGraph graph, int inputs, int outputs) {
        byte[] flat = flatBuffer(graph, inputs, outputs, graph.constants());
        long end = HEADER_PADDED + PteWriter.align(flat.length, ALIGNMENT);
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(end)).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0).put("XH00".getBytes(StandardCharsets.US_ASCII)).putShort((short) HEADER_LENGTH)
                .putInt(HEADER_PADDED).putInt(flat.length).putInt(Math.toIntExact(end)).putLong(0);
        out.position(HEADER_PADDED);
        out.put(flat);
        return out.array();
    }

    private static byte[] flatBuffer(XnnGraph graph, int inputs, int outputs, List<XnnGraph.Constant> constants) {
        FlatBufferBuilder b = new FlatBufferBuilder(1 << 14);
        int version = b.createString("0");
        List<XnnGraph.Node> nodeList = graph.nodes();
        int[] nodes = new int[nodeList.size()];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = node(b, nodeList.get(i), i);
        }
        int nodeVector = b.createVectorOfTables(nodes);
        List<XnnGraph.Value> valueList = graph.values();
        int[] values = new int[valueList.size()];
        int[] inputIds = new int[inputs];
        int[] outputIds = new int[outputs];
        for (int i = 0; i < values.length; i++) {
            XnnGraph.Value v = valueList.get(i);
            values[i] = value(b, v);
            if (v.flags() == XnnGraph.EXTERNAL_INPUT) {
                inputIds[v.externalId()] = v.id();
            } else if (v.flags() == XnnGraph.EXTERNAL_OUTPUT) {
                outputIds[v.externalId() - inputs] = v.id();
            }
        }
        int valueVector = b.createVectorOfTables(values);
        int inputVector = uints(b, java.util.Arrays.stream(inputIds).asLongStream().toArray());
        int outputVector = uints(b, java.util.Arrays.stream(outputIds).asLongStream().toArray());
        int[] data = new int[constants.size() + 1];
        for (int i = 0; i < data.length; i++) {
            // Entry 0 is the reserved "not a constant"; a named entry's offset is UINT64_MAX, as the schema asks.
            int key = i == 0 ? 0 : b.createString(constants.get(i - 1).key());
            b.startTable(3);
            b.addLong(0, i == 0 ? 0 : -1L, 0);
            b.addLong(1, i == 0 ? 0 : constants.get(i - 1).data().size(), 0);
            if (key != 0) {
                b.addOffset(2, key, 0);
            }
            data[i] = b.endTable();
        }
        int dataVector = b.createVectorOfTables(data);
        b.startTable(9);
        b.addOffset(0, version, 0);
        b.addOffset(1, nodeVector, 0);
        b.addOffset(2, valueVector, 0);
        b.addInt(3, inputs + outputs, 0);
        b.addOffset(4, inputVector, 0);
        b.addOffset(5, outputVector, 0);
        b.addOffset(8, dataVector, 0);
        b.finish(b.endTable(), IDENTIFIER);
        return b.sizedByteArray();
    }

    private static int node(FlatBufferBuilder b, XnnGraph.Node node, int debugHandle) {
        Object[] slots = node.slots();
        int[] vectors = new int[slots.length];
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] instanceof long[] items) {
                vectors[i] = uints(b, items);
            }
        }
        b.startTable(slots.length);
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] instanceof Integer v) {
                b.addInt(i, v, 0);
            } else if (slots[i] instanceof Float f) {
                b.addFloat(i, f, 0);
            } else if (slots[i] instanceof long[]) {
                b.addOffset(i, vectors[i], 0);
            }
        }
        int table = b.endTable();
        int minMax = 0;
        if (node.outputMin() != Float.NEGATIVE_INFINITY || node.outputMax() != Float.POSITIVE_INFINITY) {
            b.startTable(2);
            b.forceDefaults(true);
            b.addFloat(0, node.outputMin(), 0);
            b.addFloat(1, node.outputMax(), 0);
            b.forceDefaults(false);
            minMax = b.endTable();
        }
        b.startTable(4);
        b.addByte(0, (byte) node.tag(), 0);
        b.addOffset(1, table, 0);
        b.addInt(2, debugHandle, 0);
        if (minMax != 0) {
            b.addOffset(3, minMax, 0);
        }
        return b.endTable();
    }

    private static int value(FlatBufferBuilder b, XnnGraph.Value v) {
        int dims = uints(b, v.dims());
        b.startTable(7);
        b.addShort(0, v.type().code, 0);
        b.addInt(1, v.dims().length, 0);
        b.addOffset(2, dims, 0);
        b.addInt(3, v.constant(), 0);
        b.addInt(4, v.externalId(), 0);
        b.addInt(5, v.flags(), 0);
        b.addInt(6, v.id(), 0);
        int tensor = b.endTable();
        byte tag = TENSOR_VALUE;
        int member = tensor;
        if (v.quant() != null) {
            byte quantTag;
            int quant;
            if (v.quant() instanceof XnnGraph.PerChannel pc) {
                int scales = floats(b, pc.scales());
                b.startTable(4);
                b.addOffset(0, scales, 0);
                b.addInt(1, pc.channelDim(), 0);
                quant = b.endTable();
                quantTag = PER_CHANNEL;
            } else {
                XnnGraph.PerTensor pt = (XnnGraph.PerTensor) v.quant();
                b.startTable(2);
                b.addFloat(0, pt.scale(), 0);
                b.addInt(1, pt.zeroPoint(), 0);
                quant = b.endTable();
                quantTag = PER_TENSOR;
            }
            b.startTable(3);
            b.addOffset(0, tensor, 0);
            b.addByte(1, quantTag, 0);
            b.addOffset(2, quant, 0);
            member = b.endTable();
            tag = QUANTIZED_TENSOR_VALUE;
        }
        b.startTable(2);
        b.addByte(0, tag, 0);
        b.addOffset(1, member, 0);
        return b.endTable();
    }

    private static int uints(FlatBufferBuilder b, long[] items) {
        b.startVector(4, items.length, 4);
        for (int i = items.length - 1; i >= 0; i--) {
            b.addInt((int) items[i]);
        }
        return b.endVector();
    }

    private static int floats(FlatBufferBuilder b, float[] items) {
        b.startVector(4, items.length, 4);
        for (int i = items.length - 1; i >= 0; i--) {
            b.addFloat(items[i]);
        }
        return b.endVector();
    }
}
