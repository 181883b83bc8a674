package dev.lathe.engine.device.remote;

import dev.lathe.engine.CancelledException;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.proto.BenchmarkEvent;
import dev.lathe.engine.device.proto.BenchmarkRequest;
import dev.lathe.engine.device.proto.BenchmarkSummary;
import dev.lathe.engine.device.proto.DeviceServiceGrpc;
import dev.lathe.engine.device.proto.Samples;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Follows one benchmark on an agent: events arrive on gRPC's threads and are handed to the caller's thread, which
 * delivers them to the listener in order. A stream that breaks before the summary becomes a
 * {@link BenchmarkInterruptedException} carrying the samples received so far.
 */
final class BenchmarkStream {
    /** Ends the event queue: {@code error} is null for a stream that completed. */
    private record End(Throwable error) {
    }

    private final DeviceServiceGrpc.DeviceServiceStub stub;
    private final String address;
    private final Function<StatusRuntimeException, DeviceException> translate;

    BenchmarkStream(DeviceServiceGrpc.DeviceServiceStub stub, String address,
                    Function<StatusRuntimeException, DeviceException> translate) {
        this.stub = stub;
        this.address = address;
        this.translate = translate;
    }

    RemoteRun run(BenchmarkRequest request, RunListener listener) throws DeviceException, CancelledException {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        ClientCallStreamObserver<?>[] call = new ClientCallStreamObserver<?>[1];
        stub.benchmark(request, new ClientResponseObserver<BenchmarkRequest, BenchmarkEvent>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<BenchmarkRequest> stream) {
                call[0] = stream;
            }

            @Override
            public void onNext(BenchmarkEvent event) {
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
        });
        long[] samples = new long[Math.max(16, request.getConfig().getIterations())];
        int count = 0;
        BenchmarkSummary summary = null;
        try {
            while (true) {
                Object next = events.take();
                if (next instanceof End) {
                    Throwable error = ((End) next).error();
                    if (error == null && summary != null) {
                        return new RemoteRun(summary, Arrays.copyOf(samples, count));
                    }
                    throw failure(error, request, Arrays.copyOf(samples, count));
                }
                BenchmarkEvent event = (BenchmarkEvent) next;
                switch (event.getEventCase()) {
                    case QUEUED:
                        listener.queued(event.getQueued().getPosition());
                        break;
                    case PROGRESS:
                        listener.progress(event.getProgress().getDone(), event.getProgress().getTotal(),
                                event.getProgress().getMessage());
                        break;
                    case TELEMETRY:
                        listener.telemetry(ProtocolMessages.fromProto(event.getTelemetry()));
                        break;
                    case SAMPLES:
                        samples = append(samples, count, event.getSamples());
                        for (int i = 0; i < event.getSamples().getNanosCount(); i++) {
                            listener.sample(count, samples[count]);
                            count++;
                        }
                        break;
                    case SUMMARY:
                        summary = event.getSummary();
                        break;
                    default:
                        break;
                }
            }
        } catch (InterruptedException e) {
            call[0].cancel("cancelled by the workbench", null);
            Thread.currentThread().interrupt();
            throw new CancelledException("Benchmark on " + address);
        } catch (DeviceException | RuntimeException e) {
            call[0].cancel("the workbench stopped following the run", e);
            throw e;
        }
    }

    private long[] append(long[] samples, int count, Samples batch) throws DeviceException {
        if (batch.getFirstIndex() != count) {
            throw new DeviceException("The agent at " + address + " sent samples from run " + batch.getFirstIndex()
                    + " after " + count + " runs: some were lost; run the benchmark again.");
        }
        long[] grown = count + batch.getNanosCount() <= samples.length ? samples
                : Arrays.copyOf(samples, Math.max(samples.length * 2, count + batch.getNanosCount()));
        for (int i = 0; i < batch.getNanosCount(); i++) {
            grown[count + i] = batch.getNanos(i);
        }
        return grown;
    }

    private DeviceException failure(Throwable error, BenchmarkRequest request, long[] soFar) {
        Status status = error == null ? Status.UNAVAILABLE : Status.fromThrowable(error);
        boolean broken = error == null || status.getCode() == Status.Code.UNAVAILABLE
                || status.getCode() == Status.Code.INTERNAL || status.getCode() == Status.Code.UNKNOWN;
        if (!broken && error instanceof StatusRuntimeException) {
            return translate.apply((StatusRuntimeException) error);
        }
        return new BenchmarkInterruptedException("Benchmark of " + request.getModelName() + " on " + address
                + " interrupted: the agent stopped answering after " + soFar.length + " measured runs ("
                + (status.getDescription() == null ? status.getCode() : status.getDescription())
                + "). The samples so far are kept; check the board and run again for a full result.", soFar, error);
    }
}
