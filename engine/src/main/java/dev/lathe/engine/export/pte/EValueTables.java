package dev.lathe.engine.export.pte;

import com.google.flatbuffers.FlatBufferBuilder;
import java.util.List;

/** Writes one {@link EValue} as program.fbs's {@code EValue} table with its {@code KernelTypes} union member. */
final class EValueTables {
    // KernelTypes union tags, in the schema's declaration order (0 is NONE).
    private static final byte NULL = 1;
    private static final byte INT = 2;
    private static final byte BOOL = 3;
    private static final byte DOUBLE = 4;
    private static final byte TENSOR = 5;
    private static final byte STRING = 6;
    private static final byte INT_LIST = 7;
    private static final byte TENSOR_LIST = 10;

    private EValueTables() {
    }

    static int write(FlatBufferBuilder b, EValue value) {
        byte tag;
        int member;
        if (value instanceof EValue.Tensor t) {
            tag = TENSOR;
            member = tensor(b, t);
        } else if (value instanceof EValue.Int i) {
            tag = INT;
            b.startTable(1);
            b.addLong(0, i.value(), 0);
            member = b.endTable();
        } else if (value instanceof EValue.Double d) {
            tag = DOUBLE;
            b.startTable(1);
            b.addDouble(0, d.value(), 0);
            member = b.endTable();
        } else if (value instanceof EValue.Bool v) {
            tag = BOOL;
            b.startTable(1);
            b.addBoolean(0, v.value(), false);
            member = b.endTable();
        } else if (value instanceof EValue.Str s) {
            tag = STRING;
            int text = b.createString(s.value());
            b.startTable(1);
            b.addOffset(0, text, 0);
            member = b.endTable();
        } else if (value instanceof EValue.IntList l) {
            tag = INT_LIST;
            int items = longs(b, l.items().stream().mapToLong(Long::longValue).toArray());
            b.startTable(1);
            b.addOffset(0, items, 0);
            member = b.endTable();
        } else if (value instanceof EValue.TensorList l) {
            tag = TENSOR_LIST;
            int items = ints(b, l.items());
            b.startTable(1);
            b.addOffset(0, items, 0);
            member = b.endTable();
        } else {
            tag = NULL;
            b.startTable(0);
            member = b.endTable();
        }
        b.startTable(2);
        b.addByte(0, tag, 0);
        b.addOffset(1, member, 0);
        return b.endTable();
    }

    private static int tensor(FlatBufferBuilder b, EValue.Tensor t) {
        int rank = t.sizes().size();
        b.startVector(4, rank, 4);
        for (int i = rank - 1; i >= 0; i--) {
            b.addInt(Math.toIntExact(t.sizes().get(i)));
        }
        int sizes = b.endVector();
        byte[] order = new byte[rank];
        for (int i = 0; i < rank; i++) {
            order[i] = (byte) i;
        }
        int dimOrder = b.createByteVector(order);
        int allocation = 0;
        if (t.allocation().isPresent()) {
            EValue.Allocation a = t.allocation().get();
            b.startTable(3);
            b.addInt(0, a.memoryId(), 0);
            b.addInt(1, (int) a.offset(), 0);
            b.addInt(2, (int) (a.offset() >>> 32), 0);
            allocation = b.endTable();
        }
        b.startTable(10);
        b.addByte(0, (byte) t.type().code(), 0);
        b.addOffset(2, sizes, 0);
        b.addOffset(3, dimOrder, 0);
        b.addInt(5, t.constantIndex(), 0);
        if (allocation != 0) {
            b.addOffset(6, allocation, 0);
        }
        return b.endTable();
    }

    static int ints(FlatBufferBuilder b, List<Integer> values) {
        b.startVector(4, values.size(), 4);
        for (int i = values.size() - 1; i >= 0; i--) {
            b.addInt(values.get(i));
        }
        return b.endVector();
    }

    static int longs(FlatBufferBuilder b, long[] values) {
        b.startVector(8, values.length, 8);
        for (int i = values.length - 1; i >= 0; i--) {
            b.addLong(values[i]);
        }
        return b.endVector();
    }
}
