package dev.lathe.engine.device.remote;

import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.DatasetFiles;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.DeviceRuntimes;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.device.TelemetrySample;
import dev.lathe.engine.device.proto.BenchmarkRequest;
import dev.lathe.engine.device.proto.BenchmarkSummary;
import dev.lathe.engine.device.proto.DatasetFile;
import dev.lathe.engine.device.proto.DeviceDescription;
import dev.lathe.engine.device.proto.EvaluateRequest;
import dev.lathe.engine.device.proto.FidelityRequest;
import dev.lathe.engine.device.proto.FidelityResult;
import dev.lathe.engine.device.proto.ModelDataFile;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.fidelity.FidelityReport;
import dev.lathe.engine.fidelity.ReferenceFidelity;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.onnx.CheckedModels;
import dev.lathe.engine.model.onnx.ExternalData;
import dev.lathe.engine.model.onnx.ExternalFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * An edge board running the Lathe agent, used exactly like {@code LocalDevice}: a benchmark sends the model (by
 * hash, so only once), runs it there with the same engine code, and streams each latency into the listener as it is
 * measured; an evaluation sends the dataset's files the same way. The board's sensor readings during a benchmark go
 * to the telemetry consumer.
 */
public final class RemoteDevice implements Device {
    private final AgentClient client;
    private final DeviceFingerprint fingerprint;
    private final String protocol;
    private final Consumer<TelemetrySample> telemetry;
    private final boolean streamSamples;
    private final CheckedModels checked = new CheckedModels();

    private RemoteDevice(AgentClient client, DeviceFingerprint fingerprint, String protocol,
                         Consumer<TelemetrySample> telemetry, boolean streamSamples) {
        this.client = client;
        this.fingerprint = fingerprint;
        this.protocol = protocol;
        this.telemetry = telemetry;
        this.streamSamples = streamSamples;
    }

    /** Asks the agent what it runs on, so that {@link #describe()} needs no network. */
    public static RemoteDevice connect(AgentClient client, Consumer<TelemetrySample> telemetry) throws DeviceException {
        return described(client, client.describe(), telemetry);
    }

    /** As {@link #connect(AgentClient, Consumer)}, from a description the caller already received. */
    public static RemoteDevice described(AgentClient client, DeviceDescription description,
                                         Consumer<TelemetrySample> telemetry) {
        return new RemoteDevice(client, ProtocolMessages.fingerprint(description), description.getProtocolVersion(),
                telemetry, true);
    }

    /**
     * The same device with samples sent after the run instead of live: slower feedback, but nothing else on the
     * board's CPU during the measurement. Exists so the streaming overhead can be measured.
     */
    public RemoteDevice withLiveSamples(boolean live) {
        return new RemoteDevice(client, fingerprint, protocol, telemetry, live);
    }

    @Override
    public DeviceFingerprint describe() {
        return fingerprint;
    }

    /**
     * Sends the model and the dataset's files (each once, by hash; {@code data} itself stays here) and evaluates on
     * the board, which opens the dataset from those files exactly as this computer would.
     */
    @Override
    public EvaluationResult evaluate(ModelHandle model, Dataset data, EvalRequest request, Progress progress)
            throws LatheException {
        SentModel sent = send(model, progress);
        SentDataset dataset = send(request.dataset(), progress);
        EvaluateRequest.Builder b = EvaluateRequest.newBuilder()
                .setRunId(UUID.randomUUID().toString())
                .setModelSha256(sent.sha256())
                .addAllModelData(sent.data())
                .setFormat(ProtocolMessages.toProto(model.format()))
                .setModelName(model.name())
                .addAllDataset(dataset.files())
                .setDatasetEntry(dataset.entry())
                .setLimit(request.limit())
                .setOverrides(ProtocolMessages.toProto(request.overrides()));
        request.labelColumn().ifPresent(b::setLabelColumn);
        model.inputShape().ifPresent(shape -> Arrays.stream(shape).forEach(b::addInputShape));
        try {
            return ProtocolMessages.fromProto(client.evaluate(b.build(), progress));
        } catch (IllegalArgumentException e) {
            throw new DeviceException(fingerprint.name() + " sent metrics that do not add up (" + e.getMessage()
                    + "); run the evaluation again.", e);
        }
    }

    /**
     * Runs {@code model} on the board on the inputs {@code referenceOutputs} were recorded on (by
     * {@link ReferenceFidelity#record}, usually from the parent on this computer: the same dataset and sample count,
     * or none for seeded synthetic inputs) and compares the board's outputs with them.
     */
    public FidelityReport fidelity(ModelHandle model, Path referenceOutputs, Optional<Path> dataset, int samples,
                                   Progress progress) throws LatheException {
        SentModel sent = send(model, progress);
        UploadResult reference = client.upload(referenceOutputs, AgentClient.DEFAULT_CHUNK_BYTES, progress);
        FidelityRequest.Builder b = FidelityRequest.newBuilder()
                .setRunId(UUID.randomUUID().toString())
                .setModelSha256(sent.sha256())
                .addAllModelData(sent.data())
                .setFormat(ProtocolMessages.toProto(model.format()))
                .setModelName(model.name())
                .setReferenceSha256(reference.sha256())
                .setSamples(samples);
        if (dataset.isPresent()) {
            SentDataset inputs = send(dataset.get(), progress);
            b.addAllDataset(inputs.files()).setDatasetEntry(inputs.entry());
        }
        model.inputShape().ifPresent(shape -> Arrays.stream(shape).forEach(b::addInputShape));
        FidelityResult r = client.fidelity(b.build(), progress);
        return new FidelityReport(r.getCosine(), r.getMaxAbsError(), r.getTop1Agreement(), r.getSamples(),
                r.getInputs() + " on " + fingerprint.name());
    }

    private record SentDataset(String entry, List<DatasetFile> files) {
    }

    private record SentModel(String sha256, List<ModelDataFile> data) {
    }

    /**
     * Sends the model and, for ONNX, the external data files it names, each once, by hash. The files are checked to
     * sit beside the model before a byte leaves this computer; an agent older than protocol 1.2 cannot take them, nor ExecuTorch programs one older than 1.3.
     */
    private SentModel send(ModelHandle model, Progress progress) throws LatheException {
        if (model.format() == ModelFormat.PTE && !ProtocolVersion.knows(protocol, ProtocolVersion.PTE_MINOR)) {
            throw new DeviceException(model.name() + ": the agent on " + fingerprint.name() + " (protocol " + protocol
                    + ") cannot take ExecuTorch programs: update it to protocol " + ProtocolVersion.MAJOR + "."
                    + ProtocolVersion.PTE_MINOR + " or later");
        }
        DeviceRuntimes.require(fingerprint, model);
        if (model.format() == ModelFormat.ONNX) {
            checked.check(model.file(), model.name()); // a model that fails NativeSafety is not worth a byte sent
        }
        List<ExternalFile> files = model.format() == ModelFormat.ONNX ? ExternalData.confine(model.file(),
                model.name()) : List.of();
        if (!files.isEmpty() && !ProtocolVersion.knows(protocol, ProtocolVersion.MODEL_DATA_MINOR)) {
            throw new DeviceException(model.name() + " keeps tensors in " + files.get(0).location()
                    + (files.size() > 1 ? " and " + (files.size() - 1) + " more files" : "") + ", which the agent on "
                    + fingerprint.name() + " (protocol " + protocol + ") cannot receive: update it to protocol "
                    + ProtocolVersion.MAJOR + "." + ProtocolVersion.MODEL_DATA_MINOR + " or later");
        }
        UploadResult uploaded = client.upload(model.file(), model.sha256(), AgentClient.DEFAULT_CHUNK_BYTES, progress);
        List<ModelDataFile> data = new ArrayList<>();
        for (ExternalFile f : files) {
            UploadResult u = client.upload(f.file(), AgentClient.DEFAULT_CHUNK_BYTES, progress);
            data.add(ModelDataFile.newBuilder().setLocation(f.location()).setSha256(u.sha256()).build());
        }
        return new SentModel(uploaded.sha256(), data);
    }

    /** Sends the files the dataset at {@code path} is made of, each once, by hash. */
    private SentDataset send(Path path, Progress progress) throws LatheException {
        DatasetFiles files = Datasets.files(path);
        List<DatasetFile> sent = new ArrayList<>();
        for (String file : files.files()) {
            UploadResult u = client.upload(files.resolve(file), AgentClient.DEFAULT_CHUNK_BYTES, progress);
            sent.add(DatasetFile.newBuilder().setPath(file).setSha256(u.sha256()).build());
        }
        return new SentDataset(files.entry(), sent);
    }

    @Override
    public BenchmarkResult benchmark(ModelHandle model, BenchConfig config, SampleListener samples, Progress progress)
            throws LatheException {
        return benchmark(model, config, samples, sample -> { }, progress);
    }

    /** Streams the board's telemetry to the consumer given at connect and to {@code runTelemetry}. */
    @Override
    public BenchmarkResult benchmark(ModelHandle model, BenchConfig config, SampleListener samples,
                                     Consumer<TelemetrySample> runTelemetry, Progress progress) throws LatheException {
        SentModel sent = send(model, progress);
        BenchConfig effective = config.inputShape().isPresent() || model.inputShape().isEmpty() ? config
                : config.withInputShape(model.inputShape().get());
        BenchmarkRequest request = BenchmarkRequest.newBuilder()
                .setRunId(UUID.randomUUID().toString())
                .setModelSha256(sent.sha256())
                .addAllModelData(sent.data())
                .setFormat(ProtocolMessages.toProto(model.format()))
                .setModelName(model.name())
                .setConfig(ProtocolMessages.toProto(effective))
                .setStreamSamples(streamSamples)
                .build();
        RemoteRun run = client.benchmark(request, new RunListener() {
            @Override
            public void queued(int position) {
                progress.report(0, -1, "Waiting on " + fingerprint.name() + ": " + position
                        + (position == 1 ? " run" : " runs") + " ahead");
            }

            @Override
            public void sample(int index, long nanos) {
                samples.sample(index, nanos);
            }

            @Override
            public void telemetry(TelemetrySample sample) {
                telemetry.accept(sample);
                runTelemetry.accept(sample);
            }

            @Override
            public void progress(long done, long total, String message) {
                progress.report(done, total, message);
            }
        });
        return result(config, run);
    }

    private BenchmarkResult result(BenchConfig config, RemoteRun run) throws DeviceException {
        BenchmarkSummary s = run.summary();
        if (s.getCount() != run.samplesNanos().length) {
            throw new DeviceException(fingerprint.name() + " measured " + s.getCount() + " runs but sent "
                    + run.samplesNanos().length + "; run the benchmark again.");
        }
        long[] shape = s.getInputShapeList().stream().mapToLong(Long::longValue).toArray();
        return new BenchmarkResult(config, shape, LatencyStats.of(run.samplesNanos()), s.getThroughput(),
                s.getLoadMillis(), s.getPeakRssBytes(), s.getRuntime(), fingerprint, run.samplesNanos(),
                s.getStartedAtEpochMillis());
    }
}
