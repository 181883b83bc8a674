package dev.lathe.agent;

import java.util.Arrays;

/**
 * Latencies handed from the benchmarking thread to the thread that sends them, without a lock on the measuring
 * side: one writer appends, readers see every sample up to the published count.
 */
final class SampleBuffer {
    private volatile long[] samples;
    private volatile int count;

    /** Room for {@code expected} samples, up to a first 4096: the buffer grows with what is measured, not asked. */
    SampleBuffer(int expected) {
        samples = new long[Math.max(16, Math.min(4_096, expected))];
    }

    /** Called only from the benchmarking thread. */
    void add(long nanos) {
        long[] a = samples;
        if (count == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
            samples = a;
        }
        a[count] = nanos;
        count = count + 1;
    }

    int count() {
        return count;
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive); {@code to} must not exceed a count already read. */
    long[] range(int from, int to) {
        return Arrays.copyOfRange(samples, from, to);
    }
}
