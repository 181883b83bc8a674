package dev.lathe.agent;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * One run's outgoing stream, shared by the benchmarking thread (progress) and the sender (samples, telemetry): gRPC
 * streams take one writer at a time. Once the client is gone, sends are dropped instead of failing the run's cleanup.
 */
final class EventSink<T> {
    private final ServerCallStreamObserver<T> stream;
    private boolean closed;

    EventSink(ServerCallStreamObserver<T> stream) {
        this.stream = stream;
    }

    synchronized void send(T event) {
        if (closed || stream.isCancelled()) {
            return;
        }
        try {
            stream.onNext(event);
        } catch (StatusRuntimeException | IllegalStateException e) {
            closed = true;
        }
    }

    synchronized void complete() {
        if (!closed && !stream.isCancelled()) {
            closed = true;
            stream.onCompleted();
        }
    }

    synchronized void fail(StatusRuntimeException error) {
        if (!closed && !stream.isCancelled()) {
            closed = true;
            stream.onError(error);
        }
    }
}
