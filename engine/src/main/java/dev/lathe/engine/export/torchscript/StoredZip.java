package dev.lathe.engine.export.torchscript;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A zip archive as PyTorch's stream writer lays it out: every record stored uncompressed, its data starting on a
 * 64-byte boundary (the local header's extra field is padded, under the id {@code FB}, as PyTorch pads it), a fixed
 * time stamp so that the same records give the same bytes.
 */
final class StoredZip {
    static final int ALIGNMENT = 64;
    private static final int LOCAL_HEADER = 30;
    private static final int PADDING_HEADER = 4;
    private static final int DOS_DATE_1980 = (1 << 5) | 1; // 1980-01-01, the zip format's zero

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Entry> entries = new ArrayList<>();

    private record Entry(byte[] name, long crc, int size, int offset) {
    }

    /** Adds a record; {@code name} is its full path in the archive. */
    void add(String name, byte[] data) {
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        int offset = out.size();
        int start = offset + LOCAL_HEADER + path.length + PADDING_HEADER;
        int padding = (ALIGNMENT - start % ALIGNMENT) % ALIGNMENT;
        CRC32 crc = new CRC32();
        crc.update(data);
        ByteBuffer header = little(LOCAL_HEADER).putInt(0x04034b50).putShort((short) 20).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putShort((short) DOS_DATE_1980).putInt((int) crc.getValue())
                .putInt(data.length).putInt(data.length).putShort((short) path.length)
                .putShort((short) (PADDING_HEADER + padding));
        out.writeBytes(header.array());
        out.writeBytes(path);
        out.writeBytes(little(PADDING_HEADER).put((byte) 'F').put((byte) 'B').putShort((short) padding).array());
        out.writeBytes("Z".repeat(padding).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        entries.add(new Entry(path, crc.getValue(), data.length, offset));
    }

    /** The archive with its central directory. */
    byte[] finish() {
        int directory = out.size();
        for (Entry e : entries) {
            ByteBuffer central = little(46).putInt(0x02014b50).putShort((short) 20).putShort((short) 20)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) DOS_DATE_1980)
                    .putInt((int) e.crc()).putInt(e.size()).putInt(e.size()).putShort((short) e.name().length)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt(e.offset());
            out.writeBytes(central.array());
            out.writeBytes(e.name());
        }
        int size = out.size() - directory;
        out.writeBytes(little(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) entries.size()).putShort((short) entries.size()).putInt(size).putInt(directory)
                .putShort((short) 0).array());
        return out.toByteArray();
    }

    private static ByteBuffer little(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
