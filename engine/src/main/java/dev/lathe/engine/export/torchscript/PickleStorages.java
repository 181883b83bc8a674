package dev.lathe.engine.export.torchscript;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads, from a TorchScript pickle (protocol 2, as PyTorch's pickler writes it), the storages its tensors name:
 * each persistent id {@code ('storage', torch.<Type>Storage, key, location, numel)}. Only the opcodes PyTorch's
 * pickler emits are understood; anything else is refused, naming the byte.
 */
final class PickleStorages {
    /** One storage: its element type's class ({@code FloatStorage}) and its record key. */
    record Storage(String type, String key) {
    }

    private PickleStorages() {
    }

    static List<Storage> read(byte[] pickle, String name) throws TorchScriptExportException {
        ByteBuffer in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
        Map<Integer, Object> memo = new HashMap<>();
        List<Object> recent = new ArrayList<>();
        List<Storage> storages = new ArrayList<>();
        Object last = null;
        while (in.hasRemaining()) {
            int at = in.position();
            int op = in.get() & 0xff;
            Object atom = null;
            switch (op) {
                case 0x80, 'K' -> in.get();
                case 'M' -> in.getShort();
                case 'J' -> in.getInt();
                case 0x8a -> in.position(in.position() + (in.get() & 0xff));
                case 'G' -> in.getLong();
                case 'X' -> atom = text(in, in.getInt());
                case 'c' -> atom = "global:" + line(in) + "." + line(in);
                case 'q' -> memo.put(in.get() & 0xff, last);
                case 'r' -> memo.put(in.getInt(), last);
                case 'h' -> atom = memo.get(in.get() & 0xff);
                case 'j' -> atom = memo.get(in.getInt());
                case 'Q' -> storage(recent, name).ifPresent(storages::add);
                case '.' -> {
                    return storages;
                }
                case '(', 't', ')', '}', 'u', 'b', 0x81, 'R', 'N', 0x88, 0x89, ']', 'e', 'a', 's', 0x85, 0x86, 0x87 -> {
                }
                default -> throw new TorchScriptExportException(name + ": byte " + at + " of its pickle is opcode 0x"
                        + Integer.toHexString(op) + ", which PyTorch's pickler does not write; the file cannot be "
                        + "converted");
            }
            if (op != 'q' && op != 'r') {
                last = atom;
                recent.add(atom);
            }
        }
        throw new TorchScriptExportException(name + ": its pickle ends without STOP; the file is damaged");
    }

    /** The five values before BINPERSID's tuple closed: 'storage', the type's global, the key, location, numel. */
    private static java.util.Optional<Storage> storage(List<Object> recent, String name) {
        int n = recent.size();
        // recent ends with: 'storage', global, key, location, numel, TUPLE (null)
        if (n < 6 || !"storage".equals(recent.get(n - 6)) || !(recent.get(n - 5) instanceof String type)
                || !type.startsWith("global:torch.") || !(recent.get(n - 4) instanceof String key)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Storage(type.substring("global:torch.".length()), key));
    }

    private static String text(ByteBuffer in, int length) {
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String line(ByteBuffer in) {
        int start = in.position();
        while (in.get() != '\n') {
            // up to the line break
        }
        return new String(in.array(), start, in.position() - start - 1, StandardCharsets.UTF_8);
    }
}
