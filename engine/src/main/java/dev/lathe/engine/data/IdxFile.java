package dev.lathe.engine.data;

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
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            DataInputStream data = new DataInputStream(in);
            int zero = data.readUnsignedShort();
            int type = data.readUnsignedByte();
            int rank = data.readUnsignedByte();
            if (zero != 0 || rank == 0 || rank > 4) {
                throw new DatasetException(file, "is not an IDX file (bad magic number)");
            }
            if (type != UNSIGNED_BYTE) {
                throw new DatasetException(file, "holds IDX element type 0x" + Integer.toHexString(type)
                        + "; Lathe reads unsigned-byte IDX files (type 0x08)");
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = data.readInt();
                if (dims[i] < 0) {
                    throw new DatasetException(file, "declares a negative dimension");
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE - 16) {
                throw new DatasetException(file, "is larger than 2 GB, which Lathe does not read yet");
            }
            byte[] bytes = new byte[(int) total];
            data.readFully(bytes);
            return new IdxFile(dims, bytes);
        } catch (EOFException e) {
            throw new DatasetException(file, "is truncated: it holds fewer bytes than its header declares", e);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot be read: " + e.getMessage(), e);
        }
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
