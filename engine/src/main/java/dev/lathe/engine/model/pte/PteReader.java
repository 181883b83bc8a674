package dev.lathe.engine.model.pte;

import dev.lathe.engine.files.InputFiles;
import dev.lathe.engine.model.ModelFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an ExecuTorch program's table of contents: any writer's, Lathe's or ExecuTorch's own, delegated or not, with
 * a constant segment or the deprecated inline constant buffer. Field slots follow {@code schema/program.fbs}. Only
 * the FlatBuffer part is read, never a segment's bytes nor a delegate's payload, which belongs to its backend.
 */
public final class PteReader {
    private static final String[] SCALAR_TYPES = {"BYTE", "CHAR", "SHORT", "INT", "LONG", "HALF", "FLOAT", "DOUBLE",
        "COMPLEX_HALF", "COMPLEX_FLOAT", "COMPLEX_DOUBLE", "BOOL", "QINT8", "QUINT8", "QINT32", "BFLOAT16", "QUINT4X2",
        "QUINT2X4", "BITS1X8", "BITS2X4", "BITS4X2", "BITS8", "BITS16", "FLOAT8E5M2", "FLOAT8E4M3FN",
        "FLOAT8E5M2FNUZ", "FLOAT8E4M3FNUZ", "UINT16", "UINT32", "UINT64"};
    /** Bytes per element of each scalar type, in the order of {@link #SCALAR_TYPES}. */
    private static final int[] ELEMENT_BYTES = {1, 1, 2, 4, 8, 2, 4, 8, 4, 8, 16, 1, 1, 1, 4, 2, 1, 1, 1, 1, 1, 1, 2,
        1, 1, 1, 1, 2, 4, 8};
    private static final int TENSOR = 5;
    private static final int KERNEL_CALL = 1;
    private static final int DELEGATE_CALL = 2;
    /**
     * Table entries left to visit. FlatBuffers lets tables share vectors, so a crafted file of a few kilobytes could
     * list one chain a million times; a writer's file visits each entry about once, so a few visits per byte suffice.
     */
    private long visitsLeft;

    private PteReader(long programBytes) {
        this.visitsLeft = 4 * programBytes + 1024;
    }

    private void visit() {
        if (--visitsLeft < 0) {
            throw new IllegalStateException("tables visited more often than the file has bytes");
        }
    }

    public static PteSummary read(Path file) throws ModelFormatException {
        Optional<String> problem = InputFiles.problem(file, false);
        if (problem.isPresent()) {
            throw new ModelFormatException(file, problem.get());
        }
        try (InputStream in = Files.newInputStream(file)) {
            long fileBytes = Files.size(file);
            byte[] head = in.readNBytes(8 + PteHeader.BYTES);
            if (head.length < 8) {
                throw new ModelFormatException(file, "is too short to be an ExecuTorch program ("
                        + head.length + " bytes)");
            }
            String identifier = new String(head, 4, 4, StandardCharsets.US_ASCII);
            if (!identifier.matches("ET[0-9]{2}")) {
                throw new ModelFormatException(file, "is not an ExecuTorch program: it has no ETnn identifier");
            }
            Optional<PteHeader> header = PteHeader.of(head);
            long programBytes = header.map(PteHeader::programBytes).orElse(fileBytes);
            if (header.isPresent()) {
                header.get().checkFits(file, fileBytes);
            }
            if (programBytes > Integer.MAX_VALUE - 8) {
                throw new ModelFormatException(file, "is a damaged ExecuTorch program: its program part claims "
                        + programBytes + " bytes, more than a FlatBuffer can hold");
            }
            byte[] program = new byte[(int) programBytes];
            System.arraycopy(head, 0, program, 0, (int) Math.min(head.length, programBytes));
            in.readNBytes(program, head.length, Math.max(0, program.length - head.length));
            return new PteReader(program.length).summary(file, program, fileBytes, identifier, header.isPresent());
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // The file is untrusted input: whatever a damaged table makes FlatBuffers do (an index out of the buffer,
            // a missing table, a bad string) means the same to the user.
            throw new ModelFormatException(file, "is a damaged ExecuTorch program (a table points outside the file "
                    + "or is missing); it was cut short or is no program", e);
        }
    }

    private PteSummary summary(Path file, byte[] bytes, long fileBytes, String identifier, boolean extended) {
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        FlatTable program = new FlatTable(bb, bb.getInt(0));
        List<PteSummary.Segment> segments = new ArrayList<>();
        for (int i = 0; i < program.length(4); i++) {
            visit();
            FlatTable s = program.tableAt(4, i);
            segments.add(new PteSummary.Segment(s.int64(0, 0), s.int64(1, 0)));
        }
        List<PteSummary.Method> methods = new ArrayList<>();
        Map<Long, Long> constants = new LinkedHashMap<>();
        for (int i = 0; i < program.length(1); i++) {
            visit();
            methods.add(method(program, program.tableAt(1, i), segments, constants));
        }
        long parameters = constants.values().stream().mapToLong(Long::longValue).sum();
        return new PteSummary(file.getFileName().toString(), fileBytes, identifier, extended, methods, parameters,
                constantBytes(program, segments), namedDataBytes(program, segments), segments);
    }

    private long constantBytes(FlatTable program, List<PteSummary.Segment> segments) {
        long inline = 0;
        for (int i = 0; i < program.length(2); i++) {
            visit();
            inline += program.tableAt(2, i).length(0);
        }
        long segment = program.table(5).filter(c -> c.length(1) > 1)
                .map(c -> (int) c.integer(0, 0)).filter(k -> k < segments.size())
                .map(k -> segments.get(k).bytes()).orElse(0L);
        return inline + segment;
    }

    /** The segments {@code Program.named_data} points at: constants a delegate reads by key (XNNPACK's weights). */
    private long namedDataBytes(FlatTable program, List<PteSummary.Segment> segments) {
        TreeSet<Integer> named = new TreeSet<>();
        for (int i = 0; i < program.length(7); i++) {
            visit();
            named.add((int) program.tableAt(7, i).integer(1, 0));
        }
        return named.stream().filter(k -> k < segments.size()).mapToLong(k -> segments.get(k).bytes()).sum();
    }

    private PteSummary.Method method(FlatTable program, FlatTable plan, List<PteSummary.Segment> segments,
            Map<Long, Long> constants) {
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < plan.length(6); i++) {
            visit();
            FlatTable op = plan.tableAt(6, i);
            String overload = op.string(1);
            ops.add(overload.isEmpty() ? op.string(0) : op.string(0) + "." + overload);
        }
        List<PteSummary.Delegate> delegates = new ArrayList<>();
        for (int i = 0; i < plan.length(7); i++) {
            visit();
            delegates.add(delegate(program, plan.tableAt(7, i), segments));
        }
        Map<Integer, Constant> constantValues = constants(plan);
        constantValues.values().forEach(c -> constants.put(c.buffer(), c.elements()));
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<PteSummary.Call> calls = new ArrayList<>();
        Set<Long> counted = new HashSet<>();
        int instructions = 0;
        for (int c = 0; c < plan.length(5); c++) {
            visit();
            FlatTable chain = plan.tableAt(5, c);
            for (int i = 0; i < chain.length(2); i++) {
                visit();
                instructions++;
                FlatTable instruction = chain.tableAt(2, i);
                int type = instruction.int8(0, 0) & 0xff;
                FlatTable args = instruction.table(1).orElse(null);
                if (args != null && type == KERNEL_CALL) {
                    String op = ops.get((int) args.integer(0, 0));
                    counts.merge(op, 1, Integer::sum);
                    calls.add(kernelCall(op, args, constantValues, counted));
                } else if (args != null && type == DELEGATE_CALL) {
                    PteSummary.Delegate d = delegates.get((int) args.integer(0, 0));
                    counts.merge("delegate:" + d.backend(), 1, Integer::sum);
                    calls.add(new PteSummary.Call("delegate:" + d.backend(), 0, d.bytes()));
                }
            }
        }
        List<Long> arenas = new ArrayList<>();
        for (int i = 1; i < plan.length(8); i++) {
            visit();
            arenas.add(plan.longAt(8, i));
        }
        return new PteSummary.Method(plan.string(0), tensors(plan, 3), tensors(plan, 4), counts, delegates,
                arenas.stream().mapToLong(Long::longValue).sum(), arenas, instructions, calls);
    }

    private PteSummary.Call kernelCall(String op, FlatTable args, Map<Integer, Constant> constants, Set<Long> counted) {
        long parameters = 0;
        long bytes = 0;
        for (int a = 0; a < args.length(1); a++) {
            visit();
            Constant c = constants.get(args.intAt(1, a));
            if (c != null && counted.add(c.buffer())) {
                parameters += c.elements();
                bytes += c.bytes();
            }
        }
        return new PteSummary.Call(op, parameters, bytes);
    }

    /** A constant tensor value ({@code data_buffer_idx > 0}): which buffer, how many elements, how many bytes. */
    private record Constant(long buffer, long elements, long bytes) {
    }

    /** The method's constant tensors by value index. */
    private Map<Integer, Constant> constants(FlatTable plan) {
        Map<Integer, Constant> out = new HashMap<>();
        for (int i = 0; i < plan.length(2); i++) {
            visit();
            FlatTable value = plan.tableAt(2, i);
            if ((value.int8(0, 0) & 0xff) != TENSOR || value.table(1).isEmpty()) {
                continue;
            }
            FlatTable tensor = value.table(1).get();
            long buffer = tensor.integer(5, 0);
            if (buffer > 0) {
                long elements = 1;
                for (int d = 0; d < tensor.length(2); d++) {
                    visit();
                    elements *= Math.max(0, tensor.intAt(2, d));
                }
                int code = tensor.int8(0, 0);
                int size = code >= 0 && code < ELEMENT_BYTES.length ? ELEMENT_BYTES[code] : 1;
                out.put(i, new Constant(buffer, elements, elements * size));
            }
        }
        return out;
    }

    private PteSummary.Delegate delegate(FlatTable program, FlatTable delegate,
            List<PteSummary.Segment> segments) {
        long size = 0;
        var processed = delegate.table(1);
        if (processed.isPresent()) {
            int index = (int) processed.get().integer(1, 0);
            boolean inline = processed.get().int8(0, 0) == 0;
            if (inline && index < program.length(3)) {
                size = program.tableAt(3, index).length(0);
            } else if (!inline && index < segments.size()) {
                size = segments.get(index).bytes();
            }
        }
        return new PteSummary.Delegate(delegate.string(0), size);
    }

    private List<PteSummary.TensorDesc> tensors(FlatTable plan, int slot) {
        List<PteSummary.TensorDesc> out = new ArrayList<>();
        for (int i = 0; i < plan.length(slot); i++) {
            visit();
            FlatTable value = plan.tableAt(2, plan.intAt(slot, i));
            if ((value.int8(0, 0) & 0xff) != TENSOR || value.table(1).isEmpty()) {
                out.add(new PteSummary.TensorDesc("NOT_A_TENSOR", List.of()));
                continue;
            }
            FlatTable tensor = value.table(1).get();
            int code = tensor.int8(0, 0);
            List<Long> shape = new ArrayList<>();
            for (int d = 0; d < tensor.length(2); d++) {
                visit();
                shape.add((long) tensor.intAt(2, d));
            }
            String dtype = code >= 0 && code < SCALAR_TYPES.length ? SCALAR_TYPES[code] : "TYPE_" + code;
            out.add(new PteSummary.TensorDesc(dtype, shape));
        }
        return out;
    }
}
