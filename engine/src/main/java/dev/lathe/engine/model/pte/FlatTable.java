package dev.lathe.engine.model.pte;

import com.google.flatbuffers.Table;
import java.nio.ByteBuffer;
import java.util.Optional;

/** A FlatBuffer table read by field slot (declaration order in the schema), without generated code. */
final class FlatTable extends Table {
    FlatTable(ByteBuffer buffer, int position) {
        __reset(position, buffer);
    }

    private int field(int slot) {
        return __offset(4 + 2 * slot);
    }

    long integer(int slot, long fallback) {
        int o = field(slot);
        return o == 0 ? fallback : bb.getInt(o + bb_pos) & 0xffffffffL;
    }

    long int64(int slot, long fallback) {
        int o = field(slot);
        return o == 0 ? fallback : bb.getLong(o + bb_pos);
    }

    int int8(int slot, int fallback) {
        int o = field(slot);
        return o == 0 ? fallback : bb.get(o + bb_pos);
    }

    boolean has(int slot) {
        return field(slot) != 0;
    }

    String string(int slot) {
        int o = field(slot);
        return o == 0 ? "" : __string(o + bb_pos);
    }

    Optional<FlatTable> table(int slot) {
        int o = field(slot);
        return o == 0 ? Optional.empty() : Optional.of(new FlatTable(bb, __indirect(o + bb_pos)));
    }

    int length(int slot) {
        int o = field(slot);
        return o == 0 ? 0 : __vector_len(o);
    }

    FlatTable tableAt(int slot, int i) {
        int element = __vector(field(slot)) + i * 4;
        return new FlatTable(bb, __indirect(element));
    }

    int intAt(int slot, int i) {
        return bb.getInt(__vector(field(slot)) + i * 4);
    }

    long longAt(int slot, int i) {
        return bb.getLong(__vector(field(slot)) + i * 8);
    }

    int byteAt(int slot, int i) {
        return bb.get(__vector(field(slot)) + i) & 0xff;
    }
}
