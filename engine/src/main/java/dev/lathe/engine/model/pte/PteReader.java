package dev.lathe.engine.model.pte;

import dev.lathe.engine.model.ModelFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ExecuTorch program's table of contents: any writer's, Lathe's or ExecuTorch's own, delegated or not, with
 * a constant segment or the deprecated inline constant buffer. Field slots follow {@code schema/program.fbs}.
 */
public final class PteReader {
    private static final String[] SCALAR_TYPES = {"BYTE", "CHAR", "SHORT", "INT", "LONG", "HALF", "FLOAT", "DOUBLE",
        "COMPLEX_HALF", "COMPLEX_FLOAT", "COMPLEX_DOUBLE", "BOOL", "QINT8", "QUINT8", "QINT32", "BFLOAT16", "QUINT4X2",
        "QUINT2X4", "BITS1X8", "BITS2X4", "BITS4X2", "BITS8", "BITS16", "FLOAT8E5M2", "FLOAT8E4M3FN",
        "FLOAT8E5M2FNUZ", "FLOAT8E4M3FNUZ", "UINT16", "UINT32", "UINT64"};
    private static final int TENSOR = 5;
    private static final int KERNEL_CALL = 1;
    private static final int DELEGATE_CALL = 2;

    private PteReader() {
    }

    public static PteSummary read(Path file) throws ModelFormatException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length < 8) {
            throw new ModelFormatException(file, "is too short to be an ExecuTorch program");
        }
        String identifier = new String(bytes, 4, 4, StandardCharsets.US_ASCII);
        if (!identifier.matches("ET[0-9]{2}")) {
            throw new ModelFormatException(file, "is not an ExecuTorch program: it has no ETnn identifier");
        }
        try {
            return summary(file, bytes, identifier);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new ModelFormatException(file, "is a damaged ExecuTorch program (a table points outside the file)",
                    e);
        }
    }

    private static PteSummary summary(Path file, byte[] bytes, String identifier) {
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        boolean extended = bytes.length >= 12 && new String(bytes, 8, 4, StandardCharsets.US_ASCII).equals("eh00");
        FlatTable program = new FlatTable(bb, bb.getInt(0));
        List<PteSummary.Segment> segments = new ArrayList<>();
        for (int i = 0; i < program.length(4); i++) {
            FlatTable s = program.tableAt(4, i);
            segments.add(new PteSummary.Segment(s.int64(0, 0), s.int64(1, 0)));
        }
        List<PteSummary.Method> methods = new ArrayList<>();
        for (int i = 0; i < program.length(1); i++) {
            methods.add(method(program, program.tableAt(1, i), segments));
        }
        return new PteSummary(file.getFileName().toString(), bytes.length, identifier, extended, methods,
                constantBytes(program, segments), segments);
    }

    private static long constantBytes(FlatTable program, List<PteSummary.Segment> segments) {
        long inline = 0;
        for (int i = 0; i < program.length(2); i++) {
            inline += program.tableAt(2, i).length(0);
        }
        long segment = program.table(5).filter(c -> c.length(1) > 1)
                .map(c -> (int) c.integer(0, 0)).filter(k -> k < segments.size())
                .map(k -> segments.get(k).bytes()).orElse(0L);
        return inline + segment;
    }

    private static PteSummary.Method method(FlatTable program, FlatTable plan, List<PteSummary.Segment> segments) {
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < plan.length(6); i++) {
            FlatTable op = plan.tableAt(6, i);
            String overload = op.string(1);
            ops.add(overload.isEmpty() ? op.string(0) : op.string(0) + "." + overload);
        }
        List<PteSummary.Delegate> delegates = new ArrayList<>();
        for (int i = 0; i < plan.length(7); i++) {
            delegates.add(delegate(program, plan.tableAt(7, i), segments));
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        int instructions = 0;
        for (int c = 0; c < plan.length(5); c++) {
            FlatTable chain = plan.tableAt(5, c);
            for (int i = 0; i < chain.length(2); i++) {
                instructions++;
                FlatTable instruction = chain.tableAt(2, i);
                int type = instruction.int8(0, 0) & 0xff;
                FlatTable args = instruction.table(1).orElse(null);
                if (args != null && type == KERNEL_CALL) {
                    counts.merge(ops.get((int) args.integer(0, 0)), 1, Integer::sum);
                } else if (args != null && type == DELEGATE_CALL) {
                    counts.merge("delegate:" + delegates.get((int) args.integer(0, 0)).backend(), 1, Integer::sum);
                }
            }
        }
        long planned = 0;
        for (int i = 1; i < plan.length(8); i++) {
            planned += plan.longAt(8, i);
        }
        return new PteSummary.Method(plan.string(0), tensors(plan, 3), tensors(plan, 4), counts, delegates, planned,
                instructions);
    }

    private static PteSummary.Delegate delegate(FlatTable program, FlatTable delegate,
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

    private static List<PteSummary.TensorDesc> tensors(FlatTable plan, int slot) {
        List<PteSummary.TensorDesc> out = new ArrayList<>();
        for (int i = 0; i < plan.length(slot); i++) {
            FlatTable value = plan.tableAt(2, plan.intAt(slot, i));
            if ((value.int8(0, 0) & 0xff) != TENSOR) {
                out.add(new PteSummary.TensorDesc("NOT_A_TENSOR", List.of()));
                continue;
            }
            FlatTable tensor = value.table(1).orElseThrow();
            int code = tensor.int8(0, 0);
            List<Long> shape = new ArrayList<>();
            for (int d = 0; d < tensor.length(2); d++) {
                shape.add((long) tensor.intAt(2, d));
            }
            String dtype = code >= 0 && code < SCALAR_TYPES.length ? SCALAR_TYPES[code] : "TYPE_" + code;
            out.add(new PteSummary.TensorDesc(dtype, shape));
        }
        return out;
    }
}
