package dev.lathe.agent;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.HostTelemetry;
import dev.lathe.engine.device.proto.BenchmarkEvent;
import dev.lathe.engine.device.proto.BenchmarkRequest;
import dev.lathe.engine.device.proto.BlobStatusReply;
import dev.lathe.engine.device.proto.BlobStatusRequest;
import dev.lathe.engine.device.proto.CancelReply;
import dev.lathe.engine.device.proto.CancelRequest;
import dev.lathe.engine.device.proto.DescribeRequest;
import dev.lathe.engine.device.proto.DeviceDescription;
import dev.lathe.engine.device.proto.DeviceServiceGrpc;
import dev.lathe.engine.device.proto.PairReply;
import dev.lathe.engine.device.proto.PairRequest;
import dev.lathe.engine.device.proto.UploadChunk;
import dev.lathe.engine.device.remote.ProtocolMessages;
import dev.lathe.engine.model.ModelFormat;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
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

    private final PairingStore pairing;
    private final ModelStore models;
    private final Device device;
    private final Supplier<DeviceDescription> description;
    private final HostTelemetry telemetry;
    private final RunQueue queue = new RunQueue();
    private final ExecutorService runs;
    private final ScheduledExecutorService sender;
    private final Map<String, Future<?>> active = new ConcurrentHashMap<>();

    DeviceService(PairingStore pairing, ModelStore models, Device device, Supplier<DeviceDescription> description,
                  HostTelemetry telemetry, ExecutorService runs, ScheduledExecutorService sender) {
        this.pairing = pairing;
        this.models = models;
        this.device = device;
        this.description = description;
        this.telemetry = telemetry;
        this.runs = runs;
        this.sender = sender;
    }

    @Override
    public void pair(PairRequest request, StreamObserver<PairReply> reply) {
        try {
            Optional<PairingStore.Credential> credential = pairing.pair(request.getToken(), request.getClientName());
            if (credential.isEmpty()) {
                LOG.warn("Refused pairing from '{}': wrong token", request.getClientName());
                reply.onError(Status.UNAUTHENTICATED.withDescription("wrong pairing token: type the token the agent "
                        + "printed at start (pairing token: XXXX-XXXX-XXXX)").asRuntimeException());
                return;
            }
            LOG.info("Paired workbench '{}' as {}", request.getClientName(), credential.get().clientId());
            reply.onNext(PairReply.newBuilder().setClientId(credential.get().clientId())
                    .setClientSecret(credential.get().secret()).build());
            reply.onCompleted();
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
        if (!ModelStore.isHash(request.getSha256())) {
            reply.onError(Status.INVALID_ARGUMENT.withDescription("a model is named by its SHA-256 (64 lower-case hex "
                    + "digits)").asRuntimeException());
            return;
        }
        boolean complete = models.model(request.getSha256()).isPresent();
        reply.onNext(BlobStatusReply.newBuilder().setComplete(complete)
                .setReceivedBytes(complete ? request.getSize() : models.received(request.getSha256()))
                .setMaxBytes(models.maxBytes()).build());
        reply.onCompleted();
    }

    @Override
    public StreamObserver<UploadChunk> upload(StreamObserver<BlobStatusReply> reply) {
        return new UploadReceiver(models, reply);
    }

    @Override
    public void benchmark(BenchmarkRequest request, StreamObserver<BenchmarkEvent> reply) {
        ServerCallStreamObserver<BenchmarkEvent> stream = (ServerCallStreamObserver<BenchmarkEvent>) reply;
        String id = request.getRunId();
        Optional<ModelFormat> format = ProtocolMessages.fromProto(request.getFormat());
        Optional<Path> model = models.model(request.getModelSha256());
        if (id.isBlank() || id.length() > 200) {
            reply.onError(Status.INVALID_ARGUMENT.withDescription("a run needs an id of 1 to 200 characters")
                    .asRuntimeException());
            return;
        }
        if (format.isEmpty()) {
            reply.onError(Status.INVALID_ARGUMENT.withDescription("say the model's format (ONNX or TorchScript)")
                    .asRuntimeException());
            return;
        }
        if (model.isEmpty()) {
            reply.onError(Status.NOT_FOUND.withDescription("the agent holds no model with sha256 "
                    + request.getModelSha256() + ": upload it first").asRuntimeException());
            return;
        }
        BenchConfig config;
        try {
            config = ProtocolMessages.fromProto(request.getConfig());
        } catch (IllegalArgumentException e) {
            reply.onError(Status.INVALID_ARGUMENT.withDescription("benchmark settings: " + e.getMessage())
                    .asRuntimeException());
            return;
        }
        BenchmarkRun run = new BenchmarkRun(request, model.get(), format.get(), config, new EventSink<>(stream),
                device, queue, telemetry, sender);
        synchronized (active) {
            if (active.containsKey(id)) {
                reply.onError(Status.ALREADY_EXISTS.withDescription("a run with id " + id + " is already queued or "
                        + "running").asRuntimeException());
                return;
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
        LOG.info("Cancelling run {}", id);
        return run.cancel(true);
    }
}
