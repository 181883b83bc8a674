package dev.lathe.engine.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A run's latencies as one BLOB of little-endian int64 nanoseconds: 10 000 samples are 80 KB and one write, instead
 * of 10 000 rows.
 */
final class LatencyBlob {
    private LatencyBlob() {
    }

    static byte[] encode(long[] nanos) {
        ByteBuffer b = ByteBuffer.allocate(nanos.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(nanos);
        return b.array();
    }

    static long[] decode(byte[] bytes) {
        long[] nanos = new long[bytes.length / Long.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(nanos);
        return nanos;
    }
}
