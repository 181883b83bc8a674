package dev.lathe.engine.device.remote;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.device.BenchmarkInterruptedException;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.proto.BenchmarkEvent;
import dev.lathe.engine.device.proto.BenchmarkRequest;
import dev.lathe.engine.device.proto.BenchmarkSummary;
import dev.lathe.engine.device.proto.DeviceServiceGrpc;
import dev.lathe.engine.device.proto.Samples;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Follows one benchmark on an agent, delivering its events to the listener on the caller's thread. A stream that
 * breaks before the summary becomes a {@link BenchmarkInterruptedException} carrying the samples received so far.
 */
final class BenchmarkStream {
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
        EventQueue<BenchmarkRequest, BenchmarkEvent> events = new EventQueue<>();
        stub.benchmark(request, events);
        // Grown as samples arrive: the memory follows what was measured, not what was asked (up to 10^7 runs).
        long[] samples = new long[Math.min(Math.max(16, request.getConfig().getIterations()), 4096)];
        int count = 0;
        BenchmarkSummary summary = null;
        try {
            for (Optional<BenchmarkEvent> next = events.next(); next.isPresent(); next = events.next()) {
                BenchmarkEvent event = next.get();
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
            Thread.currentThread().interrupt();
            throw new CancelledException("Benchmark on " + address);
        } catch (StatusRuntimeException e) {
            throw failure(e, request, Arrays.copyOf(samples, count));
        } catch (DeviceException | RuntimeException e) {
            events.cancel("the workbench stopped following the run", e);
            throw e;
        }
        if (summary == null) {
            throw failure(null, request, Arrays.copyOf(samples, count));
        }
        return new RemoteRun(summary, Arrays.copyOf(samples, count));
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

    /** A broken connection is an interruption (samples kept); an agent's refusal is reported as it said it. */
    private DeviceException failure(StatusRuntimeException error, BenchmarkRequest request, long[] soFar) {
        Status status = error == null ? Status.UNAVAILABLE.withDescription("the stream ended without a summary")
                : error.getStatus();
        if (error != null && !isBrokenLink(status)) {
            return translate.apply(error);
        }
        String reason = "the agent at " + address + " stopped answering: "
                + (status.getDescription() == null ? status.getCode() : status.getDescription());
        return new BenchmarkInterruptedException("Benchmark of " + request.getModelName() + " on " + address
                + " interrupted: the agent stopped answering after " + soFar.length + " measured runs ("
                + (status.getDescription() == null ? status.getCode() : status.getDescription())
                + "). The samples so far are kept; check the board and run again for a full result.", reason, soFar,
                error);
    }

    static boolean isBrokenLink(Status status) {
        return status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.INTERNAL
                || status.getCode() == Status.Code.UNKNOWN;
    }
}
