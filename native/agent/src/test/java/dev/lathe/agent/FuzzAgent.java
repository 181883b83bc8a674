package dev.lathe.agent;

import ch.qos.logback.classic.Level;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.lathe.engine.Samples;
import dev.lathe.engine.device.LocalDevice;
import dev.lathe.engine.device.proto.BenchmarkRequest;
import dev.lathe.engine.device.proto.BlobStatusRequest;
import dev.lathe.engine.device.proto.CancelRequest;
import dev.lathe.engine.device.proto.DatasetFile;
import dev.lathe.engine.device.proto.DescribeRequest;
import dev.lathe.engine.device.proto.EvaluateRequest;
import dev.lathe.engine.device.proto.FidelityRequest;
import dev.lathe.engine.device.proto.ModelDataFile;
import dev.lathe.engine.device.proto.ModelFileFormat;
import dev.lathe.engine.device.proto.PairRequest;
import dev.lathe.engine.device.proto.UploadChunk;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.ProtocolVersion;
import dev.lathe.engine.model.onnx.ExternalDataModels;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.runtime.Runtimes;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * A real agent in this JVM, for {@link DeviceServiceFuzzTest}: the server AgentMain starts (TLS, the auth check, the
 * service, the stale-upload sweep) over a temporary data folder, with ONNX Runtime on this computer, on a loopback
 * port, paired once. It holds a small MatMul model, the sample CNN with a weight in external data (and that data), a
 * CSV, an IDX pair and reference outputs, so requests pointed at them get as far as the run. TorchScript refuses in one
 * line (no PyTorch is started here). One per JVM: Jazzer runs one fuzz test per JVM and calls it many times.
 */
final class FuzzAgent {
    private static final String EXTERNAL_LOCATION = "weights.bin";
    private static FuzzAgent agent;

    private final AgentServer server;
    private final ManagedChannel paired;
    private final ManagedChannel unpaired;
    private final List<String> models;
    private final String weights;
    private final List<String> files;
    private final String reference;

    private FuzzAgent(Path dir) throws Exception {
        // A refused request is logged as a warning; millions of them would only slow the fuzzer down.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.lathe")).setLevel(Level.ERROR);
        AgentIdentity identity = AgentIdentity.loadOrCreate(dir);
        PairingStore pairing = PairingStore.open(dir);
        BlobStore blobs = new BlobStore(dir.resolve("blobs"), 4 << 20);
        Path external = ExternalDataModels.cnn(dir.resolve("made"), EXTERNAL_LOCATION);
        models = List.of(hold(blobs, Files.readAllBytes(Resources.path("seed-matmul.onnx"))),
                hold(blobs, Files.readAllBytes(external)));
        weights = hold(blobs, ExternalDataModels.weightBytes());
        files = List.of(hold(blobs, "a,b,c,d,label\n1,2,3,4,0\n5,6,7,8,1\n".getBytes(StandardCharsets.UTF_8)),
                hold(blobs, new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4}),
                hold(blobs, new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 1}));
        reference = hold(blobs, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(0.5f).putFloat(1f).putFloat(-1f).putFloat(2f).array());
        Runtimes runtimes = Samples.runtimes();
        server = AgentServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), identity, pairing, blobs,
                new ModelFolders(dir.resolve("models"), blobs), new DatasetFolders(dir.resolve("datasets"), blobs),
                new LocalDevice(runtimes), runtimes);
        PairedAgent pair = Pairing.pair("127.0.0.1", server.port(), pairing.token(), "fuzz test");
        paired = RawChannels.open(server.port(), ProtocolVersion.CURRENT, "Bearer " + pair.clientId() + "." + pair.clientSecret());
        unpaired = RawChannels.open(server.port(), ProtocolVersion.CURRENT, null);
    }

    static synchronized FuzzAgent get() throws Exception {
        if (agent == null) {
            Path dir = Files.createTempDirectory("lathe-agent-fuzz");
            agent = new FuzzAgent(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> agent.close(dir), "fuzz-agent-stop"));
        }
        return agent;
    }

    ManagedChannel pairedChannel() {
        return paired;
    }

    ManagedChannel unpairedChannel() {
        return unpaired;
    }

    /**
     * The request with the files it names replaced by files the agent holds (the model chosen by the fuzzer's own
     * hash), everything else as the fuzzer made it; bytes that are no such message, as they are.
     */
    byte[] pointAtHeldFiles(String method, byte[] bytes) {
        Object request;
        try {
            request = parse(method, bytes);
        } catch (InvalidProtocolBufferException notAMessage) {
            return bytes;
        }
        if (request instanceof BenchmarkRequest r) {
            String model = model(r.getModelSha256());
            return r.toBuilder().setModelSha256(model).setFormat(ModelFileFormat.ONNX).clearModelData()
                    .addAllModelData(data(model, r.getModelDataList())).build().toByteArray();
        }
        if (request instanceof EvaluateRequest r) {
            String model = model(r.getModelSha256());
            return r.toBuilder().setModelSha256(model).setFormat(ModelFileFormat.ONNX).clearModelData()
                    .addAllModelData(data(model, r.getModelDataList())).clearDataset()
                    .addAllDataset(datasets(r.getDatasetList())).build().toByteArray();
        }
        if (request instanceof FidelityRequest r) {
            String model = model(r.getModelSha256());
            return r.toBuilder().setModelSha256(model).setFormat(ModelFileFormat.ONNX).clearModelData()
                    .addAllModelData(data(model, r.getModelDataList())).setReferenceSha256(reference)
                    .clearDataset().addAllDataset(datasets(r.getDatasetList())).build().toByteArray();
        }
        if (request instanceof BlobStatusRequest r) {
            return r.toBuilder().setSha256(model(r.getSha256())).build().toByteArray();
        }
        return bytes;
    }

    private static Object parse(String method, byte[] bytes) throws InvalidProtocolBufferException {
        return switch (method) {
            case "Benchmark" -> BenchmarkRequest.parseFrom(bytes);
            case "Evaluate" -> EvaluateRequest.parseFrom(bytes);
            case "Fidelity" -> FidelityRequest.parseFrom(bytes);
            case "BlobStatus" -> BlobStatusRequest.parseFrom(bytes);
            case "Upload" -> UploadChunk.parseFrom(bytes);
            case "Cancel" -> CancelRequest.parseFrom(bytes);
            case "Pair" -> PairRequest.parseFrom(bytes);
            case "Describe" -> DescribeRequest.parseFrom(bytes);
            default -> throw new IllegalArgumentException("a method this test does not know: " + method);
        };
    }

    private String model(String fuzzed) {
        return models.get(Math.floorMod(fuzzed.hashCode(), models.size()));
    }

    /** The CNN's data file under the location it names, first; any other entries the fuzzer made, pointed at it. */
    private List<ModelDataFile> data(String model, List<ModelDataFile> fuzzed) {
        var held = fuzzed.stream().map(f -> f.toBuilder().setSha256(weights).build());
        return model.equals(models.get(1))
                ? java.util.stream.Stream.concat(java.util.stream.Stream.of(ModelDataFile.newBuilder()
                        .setLocation(EXTERNAL_LOCATION).setSha256(weights).build()), held).toList()
                : held.toList();
    }

    private List<DatasetFile> datasets(List<DatasetFile> fuzzed) {
        Map<Integer, String> names = Map.of(0, "data.csv", 1, "images-idx3-ubyte", 2, "labels-idx1-ubyte");
        return java.util.stream.IntStream.range(0, fuzzed.size()).mapToObj(i -> {
            DatasetFile f = fuzzed.get(i);
            int which = Math.floorMod(i, files.size());
            return f.toBuilder().setSha256(files.get(which))
                    .setPath(f.getPath().isBlank() ? names.get(which) : f.getPath()).build();
        }).toList();
    }

    private static String hold(BlobStore blobs, byte[] bytes) throws IOException {
        String sha = Hashing.sha256(bytes);
        Files.write(blobs.complete(sha), bytes);
        return sha;
    }

    private void close(Path dir) {
        paired.shutdownNow();
        unpaired.shutdownNow();
        try {
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The engine's ONNX seed, kept in this module too, so both fuzz tests start from the same small model. */
    private static final class Resources {
        static Path path(String name) throws IOException {
            var url = FuzzAgent.class.getResource("/dev/lathe/agent/" + name);
            if (url == null) {
                throw new IOException(name + " is missing from the agent's test resources");
            }
            return Path.of(url.getPath());
        }
    }
}
