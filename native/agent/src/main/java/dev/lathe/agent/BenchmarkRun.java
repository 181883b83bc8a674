package dev.lathe.agent;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.HostTelemetry;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.device.proto.BenchmarkEvent;
import dev.lathe.engine.device.proto.BenchmarkRequest;
import dev.lathe.engine.device.proto.BenchmarkSummary;
import dev.lathe.engine.device.proto.ProgressUpdate;
import dev.lathe.engine.device.proto.Queued;
import dev.lathe.engine.device.proto.Samples;
import dev.lathe.engine.device.remote.ProtocolMessages;
import io.grpc.Status;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark on this board: waits its turn, runs the model with the engine's own harness (the same code the
 * workbench runs locally), and streams samples every {@value #SAMPLE_PERIOD_MILLIS} ms and telemetry every
 * {@value #TELEMETRY_PERIOD_MILLIS} ms from a separate thread, so the timed loop only stores a number per run.
 * Four sample messages a second keep a chart live without waking the board more often than the harness reports
 * progress.
 */
final class BenchmarkRun implements Runnable {
    static final long SAMPLE_PERIOD_MILLIS = 250;
    static final long TELEMETRY_PERIOD_MILLIS = 500;
    /** Samples sent after a run without streaming go in messages of this many, well under gRPC's message limit. */
    private static final int BATCH = 16_384;
    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkRun.class);

    private final BenchmarkRequest request;
    private final ModelHandle model;
    private final BenchConfig config;
    private final EventSink<BenchmarkEvent> events;
    private final Device device;
    private final RunQueue queue;
    private final HostTelemetry telemetry;
    private final ScheduledExecutorService sender;
    private final SampleBuffer samples;
    private int sent;

    BenchmarkRun(BenchmarkRequest request, ModelHandle model, BenchConfig config,
                 EventSink<BenchmarkEvent> events, Device device, RunQueue queue, HostTelemetry telemetry,
                 ScheduledExecutorService sender) {
        this.request = request;
        this.model = model;
        this.config = config;
        this.events = events;
        this.device = device;
        this.queue = queue;
        this.telemetry = telemetry;
        this.sender = sender;
        this.samples = new SampleBuffer(config.iterations());
    }

    @Override
    public void run() {
        String id = request.getRunId();
        try {
            queue.enter(id, ahead -> events.send(BenchmarkEvent.newBuilder()
                    .setQueued(Queued.newBuilder().setPosition(ahead)).build()));
        } catch (InterruptedException e) {
            events.fail(Status.CANCELLED.withDescription("run " + id + " was cancelled while queued").asRuntimeException());
            return;
        }
        LOG.info("Benchmark {} of '{}' started", LogText.of(id), LogText.of(request.getModelName()));
        ScheduledFuture<?> telemetryTask = sender.scheduleAtFixedRate(this::sendTelemetry, 0, TELEMETRY_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        ScheduledFuture<?> sampleTask = request.getStreamSamples()
                ? sender.scheduleAtFixedRate(this::sendSamples, SAMPLE_PERIOD_MILLIS, SAMPLE_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS) : null;
        try {
            BenchmarkResult result = device.benchmark(model, config,
                    (index, nanos) -> samples.add(nanos), this::sendProgress);
            stop(telemetryTask, sampleTask);
            sendSamples();
            events.send(BenchmarkEvent.newBuilder().setSummary(summary(result)).build());
            events.complete();
            LOG.info("Benchmark {} finished: p50 {} ms over {} runs", LogText.of(id), result.stats().p50Ms(),
                    result.stats().count());
        } catch (CancelledException e) {
            stop(telemetryTask, sampleTask);
            events.fail(Status.CANCELLED.withDescription("run " + id + " was cancelled after " + samples.count()
                    + " measured runs").asRuntimeException());
        } catch (LatheException e) {
            stop(telemetryTask, sampleTask);
            LOG.warn("Benchmark {} failed: {}", LogText.of(id), LogText.of(e.getMessage()), e);
            events.fail(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            stop(telemetryTask, sampleTask);
            LOG.error("Benchmark {} crashed", LogText.of(id), e);
            events.fail(Status.INTERNAL.withDescription("the agent failed running the benchmark (" + e
                    + "); its log has the details").asRuntimeException());
        } finally {
            queue.leave(id);
        }
    }

    private void stop(ScheduledFuture<?> telemetryTask, ScheduledFuture<?> sampleTask) {
        telemetryTask.cancel(false);
        if (sampleTask != null) {
            sampleTask.cancel(false);
        }
    }

    /** Runs on the sender thread during the run, then once on the run's thread after both tasks stopped. */
    private synchronized void sendSamples() {
        int available = samples.count();
        while (sent < available) {
            int to = Math.min(available, sent + BATCH);
            Samples.Builder batch = Samples.newBuilder().setFirstIndex(sent);
            Arrays.stream(samples.range(sent, to)).forEach(batch::addNanos);
            events.send(BenchmarkEvent.newBuilder().setSamples(batch).build());
            sent = to;
        }
    }

    private void sendTelemetry() {
        events.send(BenchmarkEvent.newBuilder().setTelemetry(ProtocolMessages.toProto(telemetry.sample())).build());
    }

    private void sendProgress(long done, long total, String message) {
        events.send(BenchmarkEvent.newBuilder().setProgress(ProgressUpdate.newBuilder().setDone(done).setTotal(total)
                .setMessage(message)).build());
    }

    private static BenchmarkSummary summary(BenchmarkResult r) {
        BenchmarkSummary.Builder b = BenchmarkSummary.newBuilder().setCount(r.stats().count())
                .setThroughput(r.throughput()).setLoadMillis(r.loadMillis()).setPeakRssBytes(r.peakRssBytes())
                .setRuntime(r.runtime()).setStartedAtEpochMillis(r.startedAtEpochMillis())
                .setStats(ProtocolMessages.toProto(r.stats()));
        Arrays.stream(r.inputShape()).forEach(b::addInputShape);
        return b.build();
    }
}
