package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Embedding tables (a float initializer that Gather reads rows of) stored in int8 with one scale per row. The
 * rows a call looks up are gathered in int8, their scales gathered beside them, and only those rows are turned
 * back into float (Cast, then Mul by the row's scale): the whole table is never dequantized, neither on each call
 * nor by ONNX Runtime at load, which would make it float again in memory. Nothing multiplies the table in an
 * integer kernel, so every row keeps the full 8 bits ([-127, 127]) whatever {@code reduce_range} says.
 * The row scales are float16 (rounded up, and the row quantized against the rounded scale, so nothing clips):
 * a 30 522-row vocabulary's scales take 61 KB instead of 122 KB, for a scale error under 0.05 %.
 */
final class EmbeddingRewrite {
    /** Below this a table stays float: 8 bits would save little and cost three small nodes on every call. */
    static final long MIN_TABLE_BYTES = 64 * 1024;
    private static final int FULL = 127;

    private EmbeddingRewrite() {
    }

    /** Why this Gather's table stays float, or empty when it can be stored in int8. */
    static Optional<String> whyTableUnusable(GraphEdit graph, NodeProto node) {
        Optional<String> own = whyGatherUnusable(graph, node);
        if (own.isPresent()) {
            return own;
        }
        long bytes = Tensors.floats(graph.initializer(node.getInput(0)).orElseThrow()).orElseThrow().remaining()
                * (long) Float.BYTES;
        if (bytes < MIN_TABLE_BYTES) {
            return Optional.of("its table is under " + MIN_TABLE_BYTES / 1024 + " KiB; 8 bits would save little");
        }
        for (NodeProto reader : graph.consumers(node.getInput(0))) {
            if (whyGatherUnusable(graph, reader).isPresent()) {
                return Optional.of("its table is also read by " + NodeSelection.displayName(reader) + " ("
                        + reader.getOpType() + "), which needs it in float");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> whyGatherUnusable(GraphEdit graph, NodeProto node) {
        if (!node.getOpType().equals("Gather") || !node.getDomain().isEmpty()) {
            return Optional.of("not a Gather");
        }
        Optional<TensorProto> table = graph.initializer(node.getInput(0));
        if (table.isEmpty() || Tensors.floats(table.get()).isEmpty()) {
            return Optional.of("op Gather is kept in float (it reads no stored float table)");
        }
        if (table.get().getDimsCount() != 2 || WeightStore.attribute(node, "axis") != 0) {
            return Optional.of("op Gather is kept in float (only rows of a 2-D table are looked up in int8)");
        }
        if (graph.initializer(node.getInput(1)).isPresent()) {
            return Optional.of("its indices are stored constants, so ONNX Runtime computes it once at load");
        }
        return Optional.empty();
    }

    /** Rewrites every selected Gather; a table read by several Gathers is stored once. Returns their names. */
    static List<String> apply(GraphEdit graph, NodeSelection selection) {
        Map<String, String[]> stored = new HashMap<>();
        List<String> quantized = new ArrayList<>();
        List<NodeProto> out = new ArrayList<>();
        for (NodeProto node : graph.nodes()) {
            if (!selection.quantizesTable(node)) {
                out.add(node);
                continue;
            }
            String[] table = stored.computeIfAbsent(node.getInput(0), name -> store(graph, name));
            out.addAll(lookUp(graph, node, table[0], table[1]));
            quantized.add(selection.nameOf(node));
        }
        graph.nodes().clear();
        graph.nodes().addAll(out);
        return quantized;
    }

    /** Stores the table as int8 [rows, columns] and its scales as float [rows, 1]; returns both names. */
    private static String[] store(GraphEdit graph, String name) {
        TensorProto tensor = graph.initializer(name).orElseThrow();
        long[] dims = Tensors.dims(tensor);
        FloatBuffer values = Tensors.floats(tensor).orElseThrow();
        int rows = (int) dims[0];
        int columns = (int) dims[1];
        byte[] q = new byte[rows * columns];
        ByteBuffer scales = ByteBuffer.allocate(rows * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            float peak = 0;
            for (int c = 0; c < columns; c++) {
                peak = Math.max(peak, Math.abs(values.get(r * columns + c)));
            }
            short half = HalfFloats.float16AtLeast(peak > 0 ? peak / FULL : 1f);
            float scale = HalfFloats.fromFloat16(half);
            scales.putShort(half);
            for (int c = 0; c < columns; c++) {
                q[r * columns + c] = (byte) Math.max(-FULL, Math.min(FULL,
                        Math.round(values.get(r * columns + c) / scale)));
            }
        }
        String quantized = graph.freshName(name + "_quantized");
        String scaleName = graph.freshName(name + "_row_scale");
        graph.putInitializer(Tensors.raw(quantized, TensorProto.DataType.INT8, q, rows, columns));
        graph.putInitializer(Tensors.raw(scaleName, TensorProto.DataType.FLOAT16, scales.array(), rows, 1));
        return new String[] {quantized, scaleName};
    }

    /** Gather int8 rows and their scales with the same indices, then float(rows) × float(scales) into the old output. */
    private static List<NodeProto> lookUp(GraphEdit graph, NodeProto gather, String table, String scales) {
        String base = gather.getOutput(0);
        String rows = graph.freshName(base + "_quantized");
        String rowScales = graph.freshName(base + "_scale");
        String name = gather.getName().isEmpty() ? graph.freshName(base + "_Gather") : gather.getName();
        NodeProto gatherRows = gather.toBuilder().setName(name).setInput(0, table).setOutput(0, rows).build();
        NodeProto gatherScales = NodeProto.newBuilder().setOpType("Gather").setName(graph.freshName(name + "_scale"))
                .addInput(scales).addInput(gather.getInput(1)).addOutput(rowScales).build();
        NodeProto rowsAsFloat = toFloat(graph, rows, name);
        NodeProto scalesAsFloat = toFloat(graph, rowScales, name);
        NodeProto scale = NodeProto.newBuilder().setOpType("Mul").setName(graph.freshName(name + "_Mul"))
                .addInput(rowsAsFloat.getOutput(0)).addInput(scalesAsFloat.getOutput(0)).addOutput(base).build();
        return List.of(gatherRows, gatherScales, rowsAsFloat, scalesAsFloat, scale);
    }

    private static NodeProto toFloat(GraphEdit graph, String tensor, String name) {
        return NodeProto.newBuilder().setOpType("Cast").setName(graph.freshName(name + "_Cast"))
                .addInput(tensor).addOutput(graph.freshName(tensor + "_float"))
                .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT)
                        .setI(TensorProto.DataType.FLOAT_VALUE)).build();
    }
}
