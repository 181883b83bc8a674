package dev.lathe.engine.export.pte;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * A constant's bytes as the writer will copy them into the file: a view of the ONNX model's own bytes, or bytes
 * computed when written (a transposed matrix), so that an export holds no second copy of a model's weights
 * (docs/PERFORMANCE.md, "Exporting a 100 MB model").
 */
public interface ConstantData {
    long size();

    /** Puts the {@link #size()} bytes at {@code out}'s position (a little-endian buffer), advancing it. */
    void writeTo(ByteBuffer out);

    /** The bytes, to read from position 0: a view where the data is one, else computed now into a new buffer. */
    default ByteBuffer bytes() {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size())).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        writeTo(b);
        return b.flip();
    }

    static ConstantData of(byte[] bytes) {
        return view(ByteBuffer.wrap(bytes));
    }

    /** The remaining bytes of {@code bytes}, not copied (the buffer is not changed). */
    static ConstantData view(ByteBuffer bytes) {
        ByteBuffer kept = bytes.slice();
        return new ConstantData() {
            @Override
            public long size() {
                return kept.remaining();
            }

            @Override
            public void writeTo(ByteBuffer out) {
                out.put(kept.duplicate());
            }

            @Override
            public ByteBuffer bytes() {
                return kept.asReadOnlyBuffer();
            }
        };
    }

    /** {@code size} bytes that {@code writer} computes each time they are written. */
    static ConstantData computed(long size, Consumer<ByteBuffer> writer) {
        return new ConstantData() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void writeTo(ByteBuffer out) {
                int end = out.position() + Math.toIntExact(size);
                writer.accept(out);
                if (out.position() != end) {
                    throw new IllegalStateException("a computed constant wrote " + (out.position() - end + size)
                            + " bytes, not " + size);
                }
            }
        };
    }
}
