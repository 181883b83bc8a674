package dev.lathe.engine.device.remote;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Hands a server stream's events from gRPC's threads to the one thread that asked for them, in order, so listeners
 * run on the caller's thread and an interrupt of that thread cancels the call on the agent.
 */
final class EventQueue<Q, E> implements ClientResponseObserver<Q, E> {
    /** Ends the queue: {@code error} is null for a stream that completed. */
    private record End(Throwable error) {
    }

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private volatile ClientCallStreamObserver<Q> call;

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> stream) {
        call = stream;
    }

    @Override
    public void onNext(E event) {
        events.add(event);
    }

    @Override
    public void onError(Throwable t) {
        events.add(new End(t));
    }

    @Override
    public void onCompleted() {
        events.add(new End(null));
    }

    /**
     * The next event, or empty when the stream completed; the stream's error as a {@link StatusRuntimeException}.
     * An interrupt cancels the call, then throws.
     */
    @SuppressWarnings("unchecked")
    Optional<E> next() throws InterruptedException {
        Object next;
        try {
            next = events.take();
        } catch (InterruptedException e) {
            cancel("cancelled by the workbench", null);
            throw e;
        }
        if (next instanceof End) {
            Throwable error = ((End) next).error();
            if (error != null) {
                throw error instanceof StatusRuntimeException ? (StatusRuntimeException) error
                        : Status.fromThrowable(error).asRuntimeException();
            }
            return Optional.empty();
        }
        return Optional.of((E) next);
    }

    void cancel(String why, Throwable cause) {
        if (call != null) {
            call.cancel(why, cause);
        }
    }
}
