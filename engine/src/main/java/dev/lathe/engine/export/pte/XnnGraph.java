package dev.lathe.engine.export.pte;

import java.util.ArrayList;
import java.util.List;

/**
 * One XNNPACK subgraph as the delegate's {@code XNNGraph} table holds it: tensor values (external ones numbered by
 * their place in the delegate call's arguments), nodes in execution order, and the constants' bytes.
 */
final class XnnGraph {
    /** XNNPACK's {@code XNN_INVALID_VALUE_ID}: "no value" (a missing bias, an internal value's external id). */
    static final int INVALID_ID = -1;
    static final int EXTERNAL_INPUT = 1;
    static final int EXTERNAL_OUTPUT = 2;

    /** Element types, numbered as the delegate's schema numbers {@code XNNDatatype}. */
    enum Datatype {
        FP32(1), QINT8(3), QINT32(5), QCINT8(6), QCINT32(7);

        final short code;

        Datatype(int code) {
            this.code = (short) code;
        }
    }

    /** Quantization of a value: one scale and zero point, or one scale per channel along {@code channelDim}. */
    sealed interface Quant {
    }

    record PerTensor(float scale, int zeroPoint) implements Quant {
    }

    record PerChannel(float[] scales, int channelDim) implements Quant {
    }

    /** A tensor value; {@code constant} indexes the constant table (0: none), {@code quant} is null for fp32. */
    record Value(int id, Datatype type, long[] dims, int constant, int externalId, int flags, Quant quant) {
        Value external(int external, int flag) {
            return new Value(id, type, dims, constant, external, flag, quant);
        }
    }

    /**
     * A node: its {@code XNodeUnion} tag and its table's fields by slot: an {@code Integer} (a uint), a
     * {@code Float}, a {@code long[]} (a vector of uints) or null (absent). {@code outputMin}/{@code outputMax}
     * clamp the result (infinite: no clamp).
     */
    record Node(int tag, Object[] slots, float outputMin, float outputMax) {
    }

    private final List<Value> values = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Constant> constants = new ArrayList<>();

    /** A constant's bytes and its named-data key, hashed once when it is added. */
    record Constant(String key, ConstantData data) {
    }

    int value(Datatype type, long[] dims, Quant quant) {
        values.add(new Value(values.size(), type, dims.clone(), 0, INVALID_ID, 0, quant));
        return values.size() - 1;
    }

    int constant(Datatype type, long[] dims, Quant quant, byte[] data) {
        return constant(type, dims, quant, ConstantData.of(data));
    }

    /** A constant whose bytes may stay a view of the ONNX model's (weights XNNPACK takes as they are). */
    int constant(Datatype type, long[] dims, Quant quant, ConstantData data) {
        constants.add(new Constant(key(data), data));
        values.add(new Value(values.size(), type, dims.clone(), constants.size(), INVALID_ID, 0, quant));
        return values.size() - 1;
    }

    Value get(int id) {
        return values.get(id);
    }

    void markExternal(int id, int externalId, int flag) {
        values.set(id, values.get(id).external(externalId, flag));
    }

    void node(int tag, Object... slots) {
        nodes.add(new Node(tag, slots, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY));
    }

    void clampedNode(float min, float max, int tag, Object... slots) {
        nodes.add(new Node(tag, slots, min, max));
    }

    List<Value> values() {
        return List.copyOf(values);
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    List<Constant> constants() {
        return List.copyOf(constants);
    }

    /** The named-data key of constant k (1-based): its bytes' SHA-256, so equal constants are stored once. */
    static String key(ConstantData data) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(data.bytes());
            return "xnnpack_" + java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    int nodeCount() {
        return nodes.size();
    }
}
