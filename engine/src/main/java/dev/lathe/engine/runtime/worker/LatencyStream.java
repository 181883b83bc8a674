package dev.lathe.engine.runtime.worker;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Latencies on their way out of the worker: the timing thread only stores each one (no lock, no I/O in the timed
 * loop) and a thread of its own sends what is new every {@value #PERIOD_MILLIS} ms, then the rest at the end.
 */
final class LatencyStream implements AutoCloseable {
    static final long PERIOD_MILLIS = 100;
    private static final int INITIAL_CAPACITY = 1 << 16;

    private final Consumer<Serializable> sink;
    private final Thread sender;
    private volatile long[] samples;
    private volatile int count;
    private int sent;

    LatencyStream(Consumer<Serializable> sink, int expected) {
        this.sink = sink;
        // It grows as runs are measured: memory follows what was measured, not what was asked.
        this.samples = new long[Math.max(16, Math.min(expected, INITIAL_CAPACITY))];
        this.sender = new Thread(this::sendEveryPeriod, "latency-sender");
        sender.setDaemon(true);
        sender.start();
    }

    /** Called only from the timing thread, with indexes 0, 1, 2, … */
    void add(int index, long nanos) {
        long[] a = samples;
        if (count == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
            samples = a;
        }
        a[count] = nanos;
        count = count + 1;
    }

    private void sendEveryPeriod() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(PERIOD_MILLIS);
                send();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void send() {
        int available = count;
        if (available > sent) {
            sink.accept(new SessionCalls.Latencies(sent, Arrays.copyOfRange(samples, sent, available)));
            sent = available;
        }
    }

    /** Stops the sender and sends what it had not. */
    @Override
    public void close() {
        sender.interrupt();
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        send();
    }
}
