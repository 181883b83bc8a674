package dev.lathe.engine.export.torchscript;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle program (protocol 2) with the opcodes TorchScript's unpickler reads: the module object as a GLOBAL class
 * built from a dict of its attributes, and each tensor as {@code torch._utils._rebuild_tensor_v2} of a storage named
 * by a persistent id ({@code ('storage', torch.<Type>Storage, key, 'cpu', numel)}), as PyTorch's own pickler writes
 * them. Strings and globals are memoized, as PyTorch does, so a repeated one is a BINGET.
 */
final class Pickle {
    private static final int PROTO = 0x80;
    private static final int NEWOBJ = 0x81;
    private static final int NEWTRUE = 0x88;
    private static final int NEWFALSE = 0x89;
    private static final int LONG1 = 0x8a;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> memo = new HashMap<>();
    private int nextMemo;

    Pickle() {
        out.write(PROTO);
        out.write(2);
    }

    /** The finished program, ending in STOP. */
    byte[] stop() {
        out.write('.');
        return out.toByteArray();
    }

    Pickle mark() {
        out.write('(');
        return this;
    }

    Pickle tuple() {
        out.write('t');
        return this;
    }

    Pickle emptyTuple() {
        out.write(')');
        return this;
    }

    Pickle emptyDict() {
        out.write('}');
        return this;
    }

    Pickle setItems() {
        out.write('u');
        return this;
    }

    Pickle build() {
        out.write('b');
        return this;
    }

    Pickle newObj() {
        out.write(NEWOBJ);
        return this;
    }

    Pickle reduce() {
        out.write('R');
        return this;
    }

    Pickle persistentId() {
        out.write('Q');
        put();
        return this;
    }

    Pickle bool(boolean value) {
        out.write(value ? NEWTRUE : NEWFALSE);
        return this;
    }

    /** The smallest of BININT1, BININT2, BININT and LONG1 that holds {@code n}, as PyTorch picks. */
    Pickle integer(long n) {
        if (n >= 0 && n <= 0xff) {
            out.write('K');
            out.write((int) n);
        } else if (n >= 0 && n <= 0xffff) {
            out.write('M');
            out.writeBytes(little(2).putShort((short) n).array());
        } else if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
            out.write('J');
            out.writeBytes(little(4).putInt((int) n).array());
        } else {
            out.write(LONG1);
            out.write(8);
            out.writeBytes(little(8).putLong(n).array());
        }
        return this;
    }

    Pickle string(String text) {
        String key = "s" + text;
        if (get(key)) {
            return this;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        out.writeBytes(little(4).putInt(utf8.length).array());
        out.writeBytes(utf8);
        memo.put(key, put());
        return this;
    }

    /** {@code module.name}, as GLOBAL pushes it. */
    Pickle global(String module, String name) {
        String key = "g" + module + "\n" + name;
        if (get(key)) {
            return this;
        }
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        memo.put(key, put());
        return this;
    }

    Pickle ints(List<Long> values) {
        mark();
        values.forEach(this::integer);
        return tuple();
    }

    private boolean get(String key) {
        Integer id = memo.get(key);
        if (id == null) {
            return false;
        }
        if (id <= 0xff) {
            out.write('h');
            out.write(id);
        } else {
            out.write('j');
            out.writeBytes(little(4).putInt(id).array());
        }
        return true;
    }

    private int put() {
        int id = nextMemo++;
        if (id <= 0xff) {
            out.write('q');
            out.write(id);
        } else {
            out.write('r');
            out.writeBytes(little(4).putInt(id).array());
        }
        return id;
    }

    private static ByteBuffer little(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
