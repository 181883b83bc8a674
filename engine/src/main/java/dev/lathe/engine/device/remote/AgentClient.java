package dev.lathe.engine.device.remote;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.proto.BenchmarkRequest;
import dev.lathe.engine.device.proto.CancelRequest;
import dev.lathe.engine.device.proto.DescribeRequest;
import dev.lathe.engine.device.proto.DeviceDescription;
import dev.lathe.engine.device.proto.DeviceServiceGrpc;
import dev.lathe.engine.device.proto.EvaluateEvent;
import dev.lathe.engine.device.proto.EvaluateRequest;
import dev.lathe.engine.device.proto.EvaluationSummary;
import dev.lathe.engine.device.proto.FidelityEvent;
import dev.lathe.engine.device.proto.FidelityRequest;
import dev.lathe.engine.device.proto.FidelityResult;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A connection to one paired agent: TLS to the pinned certificate only, the pairing credential and the protocol
 * version on every call. Calls block, honour thread interruption, and fail with {@link DeviceException}s whose
 * messages say what to do. Close it to drop the connection.
 */
public final class AgentClient implements AutoCloseable {
    /** Large enough to keep a link busy, small enough that a cut costs little to resend. */
    public static final int DEFAULT_CHUNK_BYTES = 256 * 1024;
    private static final long SHORT_CALL_SECONDS = 30;

    private final PairedAgent agent;
    private final PinnedTrustManager trust;
    private final ManagedChannel channel;

    private AgentClient(PairedAgent agent, PinnedTrustManager trust, ManagedChannel channel) {
        this.agent = agent;
        this.trust = trust;
        this.channel = channel;
    }

    /** Connects lazily: the first call opens the connection and checks the certificate. */
    public static AgentClient connect(PairedAgent agent) throws DeviceException {
        PinnedTrustManager trust = new PinnedTrustManager(Optional.of(agent.certificateSha256()));
        return new AgentClient(agent, trust, AgentChannels.open(agent.host(), agent.port(), trust,
                Optional.of(agent.bearer())));
    }

    public PairedAgent agent() {
        return agent;
    }

    public DeviceDescription describe() throws DeviceException {
        return describe(Duration.ofSeconds(SHORT_CALL_SECONDS));
    }

    /** Asks the agent what it runs on, giving up after {@code deadline}: a health check must not hang. */
    public DeviceDescription describe(Duration deadline) throws DeviceException {
        try {
            return DeviceServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .describe(DescribeRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw translate(e);
        }
    }

    /**
     * Makes sure the agent holds {@code file} (a model, or a file of a dataset), sending only what it lacks; its
     * hash names it in later calls. A broken link is retried per {@link UploadRetry#DEFAULT}, resuming each time.
     */
    public UploadResult upload(Path file, int chunkBytes, Progress progress) throws DeviceException, CancelledException {
        return upload(file, chunkBytes, UploadRetry.DEFAULT, progress);
    }

    /**
     * {@link #upload(Path, int, Progress)} of a file whose hash the caller has checked already, so it is not read
     * to hash it again; the agent checks what it receives against {@code sha256} all the same.
     */
    public UploadResult upload(Path file, Optional<String> sha256, int chunkBytes, Progress progress)
            throws DeviceException, CancelledException {
        return upload(file, sha256, chunkBytes, UploadRetry.DEFAULT, progress);
    }

    /** {@link #upload(Path, int, Progress)} with its own patience for a broken link. */
    public UploadResult upload(Path file, int chunkBytes, UploadRetry retry, Progress progress)
            throws DeviceException, CancelledException {
        return upload(file, Optional.empty(), chunkBytes, retry, progress);
    }

    private UploadResult upload(Path file, Optional<String> sha256, int chunkBytes, UploadRetry retry,
                                Progress progress) throws DeviceException, CancelledException {
        try {
            return new FileUpload(this::blocking, DeviceServiceGrpc.newStub(channel), channel::resetConnectBackoff,
                    agent.address(), retry).send(file, sha256, chunkBytes, progress);
        } catch (StatusRuntimeException e) {
            throw translate(e);
        }
    }

    /**
     * Runs a benchmark of an uploaded model and returns its summary with every latency; waits in the device's queue
     * first if another run holds it. Thread interruption cancels the run on the agent.
     */
    public RemoteRun benchmark(BenchmarkRequest request, RunListener listener)
            throws DeviceException, CancelledException {
        return new BenchmarkStream(DeviceServiceGrpc.newStub(channel), agent.address(), this::translateRun)
                .run(request, listener);
    }

    /** Evaluates an uploaded model on uploaded dataset files; waits in the device's queue like a benchmark. */
    public EvaluationSummary evaluate(EvaluateRequest request, Progress progress)
            throws DeviceException, CancelledException {
        EventQueue<EvaluateRequest, EvaluateEvent> events = new EventQueue<>();
        DeviceServiceGrpc.newStub(channel).evaluate(request, events);
        return new RunStream<EvaluateEvent, EvaluationSummary>(agent.address(), this::translateRun,
                e -> e.hasQueued() ? Optional.of(e.getQueued().getPosition()) : Optional.empty(),
                e -> e.hasProgress() ? Optional.of(e.getProgress()) : Optional.empty(),
                e -> e.hasSummary() ? Optional.of(e.getSummary()) : Optional.empty())
                .follow(events, "Evaluation of " + request.getModelName(), progress);
    }

    /** Compares an uploaded model's outputs with uploaded reference outputs on the board; queued like a benchmark. */
    public FidelityResult fidelity(FidelityRequest request, Progress progress)
            throws DeviceException, CancelledException {
        EventQueue<FidelityRequest, FidelityEvent> events = new EventQueue<>();
        DeviceServiceGrpc.newStub(channel).fidelity(request, events);
        return new RunStream<FidelityEvent, FidelityResult>(agent.address(), this::translateRun,
                e -> e.hasQueued() ? Optional.of(e.getQueued().getPosition()) : Optional.empty(),
                e -> e.hasProgress() ? Optional.of(e.getProgress()) : Optional.empty(),
                e -> e.hasResult() ? Optional.of(e.getResult()) : Optional.empty())
                .follow(events, "Fidelity of " + request.getModelName(), progress);
    }

    /** Stops the run the given id names, wherever it was started from; false when no such run is queued or running. */
    public boolean cancel(String runId) throws DeviceException {
        try {
            return blocking().cancel(CancelRequest.newBuilder().setRunId(runId).build()).getFound();
        } catch (StatusRuntimeException e) {
            throw translate(e);
        }
    }

    /** The raw protocol with this client's TLS pinning and credential, for callers that speak it directly. */
    public DeviceServiceGrpc.DeviceServiceStub stub() {
        return DeviceServiceGrpc.newStub(channel);
    }

    /** The same failure as the calls above would report, for callers of {@link #stub()}. */
    public DeviceException translate(StatusRuntimeException e) {
        return AgentChannels.translate(e, agent.address(), trust);
    }

    /**
     * As {@link #translate}, for the stream of a run the agent accepted: a FAILED_PRECONDITION there is the engine's
     * own message about the model or the data (the version check passed when this client connected), and reads the
     * same as on this computer.
     */
    private DeviceException translateRun(StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION && e.getStatus().getDescription() != null
                && !trust.mismatched()) {
            return new DeviceException(e.getStatus().getDescription(), e);
        }
        return translate(e);
    }

    private DeviceServiceGrpc.DeviceServiceBlockingStub blocking() {
        return DeviceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(SHORT_CALL_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
