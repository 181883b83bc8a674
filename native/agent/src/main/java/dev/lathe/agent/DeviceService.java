package dev.lathe.agent;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.device.HostTelemetry;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.data.PreprocessingOverrides;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.fidelity.ReferenceFidelity;
import dev.lathe.engine.device.proto.BenchmarkEvent;
import dev.lathe.engine.device.proto.BenchmarkRequest;
import dev.lathe.engine.device.proto.BlobStatusReply;
import dev.lathe.engine.device.proto.BlobStatusRequest;
import dev.lathe.engine.device.proto.CancelReply;
import dev.lathe.engine.device.proto.CancelRequest;
import dev.lathe.engine.device.proto.DescribeRequest;
import dev.lathe.engine.device.proto.DeviceDescription;
import dev.lathe.engine.device.proto.DeviceServiceGrpc;
import dev.lathe.engine.device.proto.EvaluateEvent;
import dev.lathe.engine.device.proto.EvaluateRequest;
import dev.lathe.engine.device.proto.FidelityEvent;
import dev.lathe.engine.device.proto.FidelityRequest;
import dev.lathe.engine.device.proto.FidelityResult;
import dev.lathe.engine.device.proto.ModelDataFile;
import dev.lathe.engine.device.proto.ModelFileFormat;
import dev.lathe.engine.device.proto.Queued;
import dev.lathe.engine.device.proto.PairReply;
import dev.lathe.engine.device.proto.PairRequest;
import dev.lathe.engine.device.proto.UploadChunk;
import dev.lathe.engine.device.remote.ProtocolMessages;
import dev.lathe.engine.model.ModelFormat;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device protocol as this agent serves it. Every check on what a client sent happens here or in the classes it
 * hands over to, before anything touches the disk or a runtime.
 */
final class DeviceService extends DeviceServiceGrpc.DeviceServiceImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceService.class);

    private final PairingGate pairing;
    private final BlobStore blobs;
    private final ModelFolders models;
    private final DatasetFolders datasets;
    private final ReferenceFidelity fidelity;
    private final Device device;
    private final Supplier<DeviceDescription> description;
    private final HostTelemetry telemetry;
    private final RunQueue queue = new RunQueue();
    private final ExecutorService runs;
    private final ScheduledExecutorService sender;
    private final Map<String, Future<?>> active = new ConcurrentHashMap<>();

    DeviceService(PairingGate pairing, BlobStore blobs, ModelFolders models, DatasetFolders datasets, Device device,
                  ReferenceFidelity fidelity, Supplier<DeviceDescription> description, HostTelemetry telemetry,
                  ExecutorService runs, ScheduledExecutorService sender) {
        this.fidelity = fidelity;
        this.pairing = pairing;
        this.blobs = blobs;
        this.models = models;
        this.datasets = datasets;
        this.device = device;
        this.description = description;
        this.telemetry = telemetry;
        this.runs = runs;
        this.sender = sender;
    }

    @Override
    public void pair(PairRequest request, StreamObserver<PairReply> reply) {
        InetAddress from = ((InetSocketAddress) AuthInterceptor.CLIENT_ADDRESS.get()).getAddress();
        String client = PairingThrottle.name(from);
        try {
            PairingGate.Outcome outcome = pairing.pair(from, request.getToken(), request.getClientName());
            if (outcome instanceof PairingGate.Waiting w) {
                reply.onError(Status.RESOURCE_EXHAUSTED.withDescription("too many wrong tokens from " + client
                        + "; try again in " + PairingThrottle.inWords(w.left())).asRuntimeException());
            } else if (outcome instanceof PairingGate.Wrong w) {
                String waits = w.nextWait().isZero() ? "" : PairingThrottle.inWords(w.nextWait());
                LOG.warn("Refused pairing from {} ('{}'): wrong token{}", client, LogText.of(request.getClientName()),
                        waits.isEmpty() ? "" : "; its next try waits " + waits);
                reply.onError(Status.UNAUTHENTICATED.withDescription("wrong pairing token: type the token the agent "
                        + "printed at start (pairing token: XXXX-XXXX-XXXX)" + (waits.isEmpty() ? "" : "; after "
                        + PairingThrottle.FREE_TRIES + " wrong tokens the agent waits before it looks at another: try "
                        + "again in " + waits)).asRuntimeException());
            } else if (outcome instanceof PairingGate.Paired p) {
                LOG.info("Paired workbench '{}' from {} as {}", LogText.of(request.getClientName()), client,
                        p.credential().clientId());
                reply.onNext(PairReply.newBuilder().setClientId(p.credential().clientId())
                        .setClientSecret(p.credential().secret()).build());
                reply.onCompleted();
            }
        } catch (IOException e) {
            LOG.error("Cannot save a pairing", e);
            reply.onError(Status.INTERNAL.withDescription("the agent could not save the pairing (" + e.getMessage()
                    + "); check its data folder").asRuntimeException());
        }
    }

    @Override
    public void describe(DescribeRequest request, StreamObserver<DeviceDescription> reply) {
        reply.onNext(description.get());
        reply.onCompleted();
    }

    @Override
    public void blobStatus(BlobStatusRequest request, StreamObserver<BlobStatusReply> reply) {
        if (!BlobStore.isHash(request.getSha256())) {
            reply.onError(Status.INVALID_ARGUMENT.withDescription("a file is named by its SHA-256 (64 lower-case hex "
                    + "digits)").asRuntimeException());
            return;
        }
        boolean complete = blobs.file(request.getSha256()).isPresent();
        reply.onNext(BlobStatusReply.newBuilder().setComplete(complete)
                .setReceivedBytes(complete ? request.getSize() : blobs.received(request.getSha256()))
                .setMaxBytes(blobs.maxBytes()).build());
        reply.onCompleted();
    }

    @Override
    public StreamObserver<UploadChunk> upload(StreamObserver<BlobStatusReply> reply) {
        return new UploadReceiver(blobs, reply);
    }

    @Override
    public void benchmark(BenchmarkRequest request, StreamObserver<BenchmarkEvent> reply) {
        try {
            ModelHandle model = model(request.getRunId(), request.getModelSha256(), request.getFormat(), List.of(),
                    request.getModelName(), request.getModelDataList());
            BenchConfig config = valid("benchmark settings", () -> ProtocolMessages.fromProto(request.getConfig()));
            ServerCallStreamObserver<BenchmarkEvent> stream = (ServerCallStreamObserver<BenchmarkEvent>) reply;
            submit(request.getRunId(), stream, new BenchmarkRun(request, model, config,
                    new EventSink<>(stream), device, queue, telemetry, sender));
        } catch (StatusRuntimeException e) {
            reply.onError(e);
        }
    }

    @Override
    public void evaluate(EvaluateRequest request, StreamObserver<EvaluateEvent> reply) {
        try {
            ModelHandle model = model(request.getRunId(), request.getModelSha256(), request.getFormat(),
                    request.getInputShapeList(), request.getModelName(), request.getModelDataList());
            PreprocessingOverrides overrides = valid("preprocessing", () -> ProtocolMessages.fromProto(
                    request.getOverrides()));
            EvalRequest eval = valid("evaluation settings", () -> new EvalRequest(
                    datasets.open(request.getDatasetList(), request.getDatasetEntry()),
                    request.getLabelColumn().isEmpty() ? Optional.empty() : Optional.of(request.getLabelColumn()),
                    overrides, request.getLimit()));
            ServerCallStreamObserver<EvaluateEvent> stream = (ServerCallStreamObserver<EvaluateEvent>) reply;
            submit(request.getRunId(), stream, new ResultRun<>(request.getRunId(), "Evaluation",
                    progress -> EvaluateEvent.newBuilder().setSummary(ProtocolMessages.toProto(device.evaluate(model,
                            Datasets.open(eval.dataset(), eval.labelColumn()), eval, progress))).build(),
                    ahead -> EvaluateEvent.newBuilder().setQueued(Queued.newBuilder().setPosition(ahead)).build(),
                    update -> EvaluateEvent.newBuilder().setProgress(update).build(), new EventSink<>(stream), queue));
        } catch (StatusRuntimeException e) {
            reply.onError(e);
        }
    }

    @Override
    public void fidelity(FidelityRequest request, StreamObserver<FidelityEvent> reply) {
        try {
            ModelHandle model = model(request.getRunId(), request.getModelSha256(), request.getFormat(),
                    request.getInputShapeList(), request.getModelName(), request.getModelDataList());
            Path reference = blobs.file(request.getReferenceSha256()).orElseThrow(() -> refusal(Status.NOT_FOUND,
                    "the agent holds no reference outputs with sha256 " + request.getReferenceSha256()
                            + ": upload them first"));
            Optional<Path> dataset = request.getDatasetCount() == 0 ? Optional.empty() : Optional.of(valid("dataset",
                    () -> datasets.open(request.getDatasetList(), request.getDatasetEntry())));
            if (request.getSamples() < 0 || (dataset.isEmpty() && request.getSamples() == 0)) {
                throw refusal(Status.INVALID_ARGUMENT, "say how many examples to compare (1 or more; 0 means all "
                        + "only with a dataset)");
            }
            ServerCallStreamObserver<FidelityEvent> stream = (ServerCallStreamObserver<FidelityEvent>) reply;
            submit(request.getRunId(), stream, new ResultRun<>(request.getRunId(), "Fidelity",
                    progress -> FidelityEvent.newBuilder().setResult(result(fidelity.compare(model, dataset,
                            request.getSamples(), reference, progress))).build(),
                    ahead -> FidelityEvent.newBuilder().setQueued(Queued.newBuilder().setPosition(ahead)).build(),
                    update -> FidelityEvent.newBuilder().setProgress(update).build(), new EventSink<>(stream), queue));
        } catch (StatusRuntimeException e) {
            reply.onError(e);
        }
    }

    private static FidelityResult result(FidelityReport r) {
        return FidelityResult.newBuilder().setCosine(r.cosine()).setMaxAbsError(r.maxAbsError())
                .setTop1Agreement(r.top1Agreement()).setSamples(r.samples()).setInputs(r.inputs()).build();
    }

    /**
     * The run's model, after checking the run id, the format, that the agent holds the file and, for ONNX, that any
     * external data it names was uploaded with it ({@link ModelFolders}); messages call it by the name the workbench
     * sent (its file name there), or by its hash when that name is unusable.
     */
    private ModelHandle model(String runId, String sha256, ModelFileFormat format, List<Long> inputShape,
                              String name, List<ModelDataFile> data) {
        if (runId.isBlank() || runId.length() > 200) {
            throw refusal(Status.INVALID_ARGUMENT, "a run needs an id of 1 to 200 characters");
        }
        ModelFormat f = ProtocolMessages.fromProto(format).orElseThrow(() -> refusal(Status.INVALID_ARGUMENT,
                "say the model's format (ONNX, TorchScript or ExecuTorch)"));
        Path file = blobs.file(sha256).orElseThrow(() -> refusal(Status.NOT_FOUND, "the agent holds no model with "
                + "sha256 " + sha256 + ": upload it first"));
        boolean usable = !name.isBlank() && name.length() <= 255 && name.equals(LogText.of(name));
        String shown = usable ? name : file.getFileName().toString();
        Path run = f == ModelFormat.ONNX ? valid("model", () -> models.open(file, sha256, shown, data)) : file;
        return new ModelHandle(run, f, inputShape.isEmpty() ? Optional.empty()
                : Optional.of(inputShape.stream().mapToLong(Long::longValue).toArray()), shown);
    }

    /** Runs the run on the agent's threads; the client going away or a Cancel naming the id interrupts it. */
    private void submit(String id, ServerCallStreamObserver<?> stream, Runnable run) {
        synchronized (active) {
            if (active.containsKey(id)) {
                throw refusal(Status.ALREADY_EXISTS, "a run with id " + id + " is already queued or running");
            }
            active.put(id, runs.submit(() -> {
                try {
                    run.run();
                } finally {
                    synchronized (active) {
                        active.remove(id);
                    }
                }
            }));
        }
        stream.setOnCancelHandler(() -> cancelRun(id));
    }

    /** What a client sent, or INVALID_ARGUMENT naming {@code what} and the engine's reason. */
    private static <T> T valid(String what, Checked<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw refusal(Status.INVALID_ARGUMENT, what + ": " + e.getMessage());
        } catch (IOException e) {
            LOG.error("Preparing a run failed", e);
            throw refusal(Status.INTERNAL, "the agent could not prepare the run (" + e.getMessage() + "); check its "
                    + "data folder");
        }
    }

    private interface Checked<T> {
        T get() throws IOException;
    }

    private static StatusRuntimeException refusal(Status status, String message) {
        return status.withDescription(message).asRuntimeException();
    }

    @Override
    public void cancel(CancelRequest request, StreamObserver<CancelReply> reply) {
        reply.onNext(CancelReply.newBuilder().setFound(cancelRun(request.getRunId())).build());
        reply.onCompleted();
    }

    private boolean cancelRun(String id) {
        Future<?> run = active.get(id);
        if (run == null) {
            return false;
        }
        LOG.info("Cancelling run {}", LogText.of(id));
        return run.cancel(true);
    }
}
