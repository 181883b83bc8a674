package dev.lathe.engine.export.pte;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Serializes a {@link PteProgram} as ExecuTorch reads it: a FlatBuffer with identifier {@code ET12} (tables built
 * field by field here, after {@code schema/program.fbs}), an {@code eh00} extended header after byte 8, then one
 * segment with the constants, each aligned to {@value #CONSTANT_ALIGNMENT} bytes.
 */
public final class PteWriter {
    public static final String IDENTIFIER = "ET12";
    static final int HEADER_BYTES = 32;
    static final int CONSTANT_ALIGNMENT = 16;
    static final int SEGMENT_ALIGNMENT = 128;

    private PteWriter() {
    }

    public static byte[] write(PteProgram program) {
        byte[] segment = constantSegment(program.constants());
        long[] offsets = constantOffsets(program.constants());
        byte[] flat = PlanTables.program(program, offsets, segment.length);
        long programSize = flat.length + HEADER_BYTES;
        long segmentBase = align(programSize, SEGMENT_ALIGNMENT);
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(segmentBase + segment.length))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(ByteBuffer.wrap(flat).order(ByteOrder.LITTLE_ENDIAN).getInt(0) + HEADER_BYTES);
        out.put(flat, 4, 4);
        out.put("eh00".getBytes(StandardCharsets.US_ASCII)).putInt(HEADER_BYTES).putLong(programSize)
                .putLong(segmentBase).putLong(segment.length);
        out.put(flat, 8, flat.length - 8);
        out.position(Math.toIntExact(segmentBase));
        out.put(segment);
        return out.array();
    }

    static long align(long value, int alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }

    /** Offsets inside the segment; entry 0 is the placeholder ExecuTorch reserves for "no constant". */
    static long[] constantOffsets(List<byte[]> constants) {
        long[] offsets = new long[constants.size() + 1];
        long at = 0;
        for (int i = 0; i < constants.size(); i++) {
            offsets[i + 1] = at;
            at = align(at + constants.get(i).length, CONSTANT_ALIGNMENT);
        }
        return offsets;
    }

    private static byte[] constantSegment(List<byte[]> constants) {
        long[] offsets = constantOffsets(constants);
        long size = constants.isEmpty() ? 0
                : align(offsets[constants.size()] + constants.get(constants.size() - 1).length, CONSTANT_ALIGNMENT);
        byte[] segment = new byte[Math.toIntExact(size)];
        for (int i = 0; i < constants.size(); i++) {
            System.arraycopy(constants.get(i), 0, segment, (int) offsets[i + 1], constants.get(i).length);
        }
        return segment;
    }

    /** The FlatBuffer tables of program.fbs, children before parents as the builder requires. */
    private static final class PlanTables {
        private final FlatBufferBuilder b = new FlatBufferBuilder(1 << 16);

        static byte[] program(PteProgram program, long[] constantOffsets, long segmentSize) {
            PlanTables t = new PlanTables();
            int plan = t.executionPlan(program);
            FlatBufferBuilder b = t.b;
            int plans = b.createVectorOfTables(new int[] {plan});
            int empty = b.createVectorOfTables(new int[0]);
            int emptyDelegateData = b.createVectorOfTables(new int[0]);
            b.startTable(2);
            b.addLong(0, 0, 1);
            b.addLong(1, segmentSize, 1);
            int segment = b.endTable();
            int segments = b.createVectorOfTables(new int[] {segment});
            int offsets = t.longs(constantOffsets);
            b.startTable(2);
            b.addInt(0, 0, 1);
            b.addOffset(1, offsets, 0);
            int constantSegment = b.endTable();
            int mutable = b.createVectorOfTables(new int[0]);
            int named = b.createVectorOfTables(new int[0]);
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
            int delegates = b.createVectorOfTables(new int[0]);
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

        private int chain(PteProgram p) {
            int inputs = ints(p.inputs());
            int outputs = ints(p.outputs());
            int[] instructions = new int[p.instructions().size()];
            for (int i = 0; i < instructions.length; i++) {
                KernelCall call = p.instructions().get(i);
                int args = ints(call.args());
                b.startTable(2);
                b.addInt(0, call.operator(), 0);
                b.addOffset(1, args, 0);
                int kernel = b.endTable();
                b.startTable(2);
                b.addByte(0, (byte) 1, 0);
                b.addOffset(1, kernel, 0);
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
