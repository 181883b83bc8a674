package dev.lathe.engine.data;

import dev.lathe.engine.model.ShapeLimits;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * An IDX file (the MNIST family's format), raw or gzip-compressed, holding unsigned bytes. {@code dims[0]} is the
 * number of items; {@code data} holds them back to back.
 */
public record IdxFile(int[] dims, byte[] data) {
    private static final int UNSIGNED_BYTE = 0x08;

    public int count() {
        return dims[0];
    }

    /** Bytes per item: the product of all dimensions after the first. */
    public int itemSize() {
        int n = 1;
        for (int i = 1; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }

    /** Reads the file, checking its magic number, element type and that it holds as many bytes as it declares. */
    public static IdxFile read(Path file) throws DatasetException {
        return read(file, 1, 4, "an IDX file");
    }

    /**
     * {@link #read(Path)} for a file whose data must have {@code minRank} to {@code maxRank} dimensions, checked from its
     * magic number before any data is read; {@code what} names what the file should be, like "an IDX labels file".
     */
    public static IdxFile read(Path file, int minRank, int maxRank, String what) throws DatasetException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            DataInputStream data = new DataInputStream(in);
            int zero = data.readUnsignedShort();
            int type = data.readUnsignedByte();
            int rank = data.readUnsignedByte();
            if (zero != 0 || rank == 0 || rank > 4) {
                throw new DatasetException(file, "is not " + what + " (bad magic number)");
            }
            if (type != UNSIGNED_BYTE) {
                throw new DatasetException(file, "holds IDX element type 0x" + Integer.toHexString(type)
                        + "; Lathe reads unsigned-byte IDX files (type 0x08)");
            }
            if (rank < minRank || rank > maxRank) {
                throw new DatasetException(file, "is not " + what + ": its magic number (0x" + String.format(java.util.Locale.ROOT, "%08x", 0x800 + rank)
                        + ") declares " + rank + "-dimensional data, where " + what + " has " + (minRank == maxRank
                        ? Integer.toString(minRank) : minRank + " to " + maxRank));
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = data.readInt();
                if (dims[i] < 0) {
                    throw new DatasetException(file, "declares a negative dimension");
                }
                total = ShapeLimits.multiplyCapped(total, dims[i]);
            }
            long header = 4 + 4L * rank;
            if (!gzip && Files.size(file) - header < total) {
                throw truncated(file, dims, total, Files.size(file) - header);
            }
            if (total > DatasetLimits.MAX_IDX_BYTES) {
                throw new DatasetException(file, "declares " + shape(dims) + " = " + String.format(java.util.Locale.ROOT, "%,d", total)
                        + " bytes of data; Lathe reads IDX files of up to 2 GiB");
            }
            return new IdxFile(dims, readData(file, data, dims, (int) total));
        } catch (EOFException e) {
            throw new DatasetException(file, "is truncated: it holds fewer bytes than its header declares", e);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** The data, in a buffer that grows as it arrives: a header that lies about the size costs no memory. */
    private static byte[] readData(Path file, DataInputStream in, int[] dims, int total) throws IOException, DatasetException {
        byte[] bytes = new byte[Math.min(total, 1 << 24)];
        int n = 0;
        while (n < total) {
            if (n == bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(total, 2L * bytes.length));
            }
            int read = in.read(bytes, n, bytes.length - n);
            if (read < 0) {
                throw truncated(file, dims, total, n);
            }
            n += read;
        }
        return bytes;
    }

    private static DatasetException truncated(Path file, int[] dims, long declared, long held) {
        return new DatasetException(file, "is truncated: its header declares " + shape(dims) + " = "
                + String.format(java.util.Locale.ROOT, "%,d", declared) + " bytes of data, it holds " + String.format(java.util.Locale.ROOT, "%,d", held));
    }

    private static String shape(int[] dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining("×"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxFile f && Arrays.equals(dims, f.dims) && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxFile" + Arrays.toString(dims);
    }
}
