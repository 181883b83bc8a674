package dev.lathe.engine.export.pte;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes a {@link PteProgram} as ExecuTorch reads it: a FlatBuffer with identifier {@code ET12} (tables built
 * field by field here, after {@code schema/program.fbs}), an {@code eh00} extended header after byte 8, then the
 * segments: first the constants, each aligned to {@value #CONSTANT_ALIGNMENT} bytes, then one per delegate payload,
 * then one per named data blob, each segment aligned to {@value #SEGMENT_ALIGNMENT} bytes.
 */
public final class PteWriter {
    public static final String IDENTIFIER = "ET12";
    static final int HEADER_BYTES = 32;
    static final int CONSTANT_ALIGNMENT = 16;
    static final int SEGMENT_ALIGNMENT = 128;

    private PteWriter() {
    }

    /**
     * The file's bytes. Constants are copied from where they are (the ONNX model's raw data, mostly) straight into
     * the one array returned: no segment is assembled on its own first.
     */
    public static byte[] write(PteProgram program) {
        long[] offsets = constantOffsets(program.constants());
        List<Long> segmentSizes = new ArrayList<>();
        segmentSizes.add(constantSegmentBytes(program.constants(), offsets));
        program.delegates().forEach(d -> segmentSizes.add((long) d.payload().length));
        program.namedData().forEach(n -> segmentSizes.add(n.data().size()));
        long[] segmentOffsets = new long[segmentSizes.size()];
        long segmentBytes = 0;
        for (int i = 0; i < segmentSizes.size(); i++) {
            segmentOffsets[i] = align(segmentBytes, SEGMENT_ALIGNMENT);
            segmentBytes = segmentOffsets[i] + segmentSizes.get(i);
        }
        byte[] flat = PlanTables.program(program, offsets, segmentSizes, segmentOffsets);
        long programSize = flat.length + HEADER_BYTES;
        long segmentBase = align(programSize, SEGMENT_ALIGNMENT);
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(segmentBase + segmentBytes))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(ByteBuffer.wrap(flat).order(ByteOrder.LITTLE_ENDIAN).getInt(0) + HEADER_BYTES);
        out.put(flat, 4, 4);
        out.put("eh00".getBytes(StandardCharsets.US_ASCII)).putInt(HEADER_BYTES).putLong(programSize)
                .putLong(segmentBase).putLong(segmentBytes);
        out.put(flat, 8, flat.length - 8);
        for (int i = 0; i < program.constants().size(); i++) {
            out.position(Math.toIntExact(segmentBase + segmentOffsets[0] + offsets[i + 1]));
            program.constants().get(i).writeTo(out);
        }
        int segment = 1;
        for (BackendDelegate d : program.delegates()) {
            out.position(Math.toIntExact(segmentBase + segmentOffsets[segment++]));
            out.put(d.payload());
        }
        for (NamedData n : program.namedData()) {
            out.position(Math.toIntExact(segmentBase + segmentOffsets[segment++]));
            n.data().writeTo(out);
        }
        return out.array();
    }

    static long align(long value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }

    /** Offsets inside the segment; entry 0 is the placeholder ExecuTorch reserves for "no constant". */
    static long[] constantOffsets(List<ConstantData> constants) {
        long[] offsets = new long[constants.size() + 1];
        long at = 0;
        for (int i = 0; i < constants.size(); i++) {
            offsets[i + 1] = at;
            at = align(at + constants.get(i).size(), CONSTANT_ALIGNMENT);
        }
        return offsets;
    }

    private static long constantSegmentBytes(List<ConstantData> constants, long[] offsets) {
        return constants.isEmpty() ? 0
                : align(offsets[constants.size()] + constants.get(constants.size() - 1).size(), CONSTANT_ALIGNMENT);
    }

    /** The FlatBuffer tables of program.fbs, children before parents as the builder requires. */
    private static final class PlanTables {
        // InstructionArguments union tags and DataLocation values, in the schema's declaration order.
        private static final byte KERNEL_CALL = 1;
        private static final byte DELEGATE_CALL = 2;
        private static final byte DATA_IN_SEGMENT = 1;
        private final FlatBufferBuilder b = new FlatBufferBuilder(1 << 16);

        static byte[] program(PteProgram program, long[] constantOffsets, List<Long> segmentSizes,
                long[] segmentOffsets) {
            PlanTables t = new PlanTables();
            int plan = t.executionPlan(program);
            FlatBufferBuilder b = t.b;
            int plans = b.createVectorOfTables(new int[] {plan});
            int empty = b.createVectorOfTables(new int[0]);
            int emptyDelegateData = b.createVectorOfTables(new int[0]);
            int[] segmentTables = new int[segmentSizes.size()];
            for (int i = 0; i < segmentTables.length; i++) {
                b.startTable(2);
                b.addLong(0, segmentOffsets[i], 1);
                b.addLong(1, segmentSizes.get(i), 1);
                segmentTables[i] = b.endTable();
            }
            int segments = b.createVectorOfTables(segmentTables);
            int offsets = t.longs(constantOffsets);
            b.startTable(2);
            b.addInt(0, 0, 1);
            b.addOffset(1, offsets, 0);
            int constantSegment = b.endTable();
            int mutable = b.createVectorOfTables(new int[0]);
            int named = t.namedData(program);
            b.startTable(8);
            b.addInt(0, 0, 1);
            b.addOffset(1, plans, 0);
            b.addOffset(2, empty, 0);
            b.addOffset(3, emptyDelegateData, 0);
            b.addOffset(4, segments, 0);
            b.addOffset(5, constantSegment, 0);
            b.addOffset(6, mutable, 0);
            b.addOffset(7, named, 0);
            b.finish(b.endTable(), IDENTIFIER);
            return b.sizedByteArray();
        }

        private int executionPlan(PteProgram p) {
            int name = b.createString(p.method());
            int[] valueTables = new int[p.values().size()];
            for (int i = 0; i < valueTables.length; i++) {
                valueTables[i] = EValueTables.write(b, p.values().get(i));
            }
            int values = b.createVectorOfTables(valueTables);
            int inputs = ints(p.inputs());
            int outputs = ints(p.outputs());
            int chain = chain(p);
            int chains = b.createVectorOfTables(new int[] {chain});
            int[] ops = new int[p.operators().size()];
            for (int i = 0; i < ops.length; i++) {
                int opName = b.createString(p.operators().get(i).name());
                int overload = b.createString(p.operators().get(i).overload());
                b.startTable(2);
                b.addOffset(0, opName, 0);
                b.addOffset(1, overload, 0);
                ops[i] = b.endTable();
            }
            int operators = b.createVectorOfTables(ops);
            int delegates = delegates(p);
            int sizes = longs(p.arenaSizes().stream().mapToLong(Long::longValue).toArray());
            b.startTable(10);
            b.addOffset(0, name, 0);
            b.addOffset(2, values, 0);
            b.addOffset(3, inputs, 0);
            b.addOffset(4, outputs, 0);
            b.addOffset(5, chains, 0);
            b.addOffset(6, operators, 0);
            b.addOffset(7, delegates, 0);
            b.addOffset(8, sizes, 0);
            return b.endTable();
        }

        /** Named data blob k is segment 1 + delegates + k. */
        private int namedData(PteProgram p) {
            int[] tables = new int[p.namedData().size()];
            for (int i = 0; i < tables.length; i++) {
                int key = b.createString(p.namedData().get(i).key());
                b.startTable(2);
                b.addOffset(0, key, 0);
                b.addInt(1, 1 + p.delegates().size() + i, 0);
                tables[i] = b.endTable();
            }
            return b.createVectorOfTables(tables);
        }

        /** Each delegate's payload is segment k + 1 (segment 0 holds the constants). */
        private int delegates(PteProgram p) {
            int[] tables = new int[p.delegates().size()];
            for (int i = 0; i < tables.length; i++) {
                int id = b.createString(p.delegates().get(i).backend());
                int specs = b.createVectorOfTables(new int[0]);
                b.startTable(2);
                b.addByte(0, DATA_IN_SEGMENT, 0);
                b.addInt(1, i + 1, 0);
                int processed = b.endTable();
                b.startTable(3);
                b.addOffset(0, id, 0);
                b.addOffset(1, processed, 0);
                b.addOffset(2, specs, 0);
                tables[i] = b.endTable();
            }
            return b.createVectorOfTables(tables);
        }

        private int chain(PteProgram p) {
            int inputs = ints(p.inputs());
            int outputs = ints(p.outputs());
            int[] instructions = new int[p.instructions().size()];
            for (int i = 0; i < instructions.length; i++) {
                Instruction instruction = p.instructions().get(i);
                byte tag;
                int args;
                int target;
                if (instruction instanceof KernelCall call) {
                    tag = KERNEL_CALL;
                    args = ints(call.args());
                    target = call.operator();
                } else {
                    DelegateCall call = (DelegateCall) instruction;
                    tag = DELEGATE_CALL;
                    args = ints(call.args());
                    target = call.delegate();
                }
                b.startTable(2);
                b.addInt(0, target, 0);
                b.addOffset(1, args, 0);
                int table = b.endTable();
                b.startTable(2);
                b.addByte(0, tag, 0);
                b.addOffset(1, table, 0);
                instructions[i] = b.endTable();
            }
            int list = b.createVectorOfTables(instructions);
            b.startTable(4);
            b.addOffset(0, inputs, 0);
            b.addOffset(1, outputs, 0);
            b.addOffset(2, list, 0);
            return b.endTable();
        }

        private int ints(List<Integer> values) {
            return EValueTables.ints(b, values);
        }

        private int longs(long[] values) {
            return EValueTables.longs(b, values);
        }
    }
}
