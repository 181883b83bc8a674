package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.device.proto.BlobStatusReply;
import dev.lathe.engine.device.proto.BlobStatusRequest;
import dev.lathe.engine.device.proto.UploadChunk;
import dev.lathe.engine.device.proto.UploadHeader;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.UploadResult;
import dev.lathe.engine.provenance.Hashing;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models reach the agent whole or not at all: chunked, cached by hash, resumable, size-limited, hash-checked. */
class AgentUploadTest {
    private static final int CHUNK = 16 * 1024;
    @TempDir
    static Path data;
    @TempDir
    static Path files;
    static AgentProcess agent;
    static AgentClient client;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentProcess.start(data, "--max-upload-mb", "1");
        client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token, "upload test"));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        agent.close();
    }

    @Test
    void sendsInSmallChunksOnceAndThenHitsTheCache() throws Exception {
        Path model = randomFile("a.bin", 300_000, 1);
        UploadResult first = client.upload(model, CHUNK, Progress.NONE);
        assertThat(first.cacheHit()).isFalse();
        assertThat(first.sentBytes()).isEqualTo(300_000);
        assertThat(Hashing.sha256(data.resolve("blobs").resolve(first.sha256()))).isEqualTo(first.sha256());
        UploadResult again = client.upload(model, CHUNK, Progress.NONE);
        assertThat(again.cacheHit()).isTrue();
        assertThat(again.sentBytes()).isZero();
    }

    @Test
    void aFileWhoseHashTheCallerCheckedIsSentUnderThatHashAndTheAgentStillChecksIt() throws Exception {
        Path model = randomFile("known.bin", 50_000, 7);
        String sha = Hashing.sha256(model);
        UploadResult sent = client.upload(model, java.util.Optional.of(sha), CHUNK, Progress.NONE);
        assertThat(sent.sha256()).isEqualTo(sha);
        assertThat(sent.cacheHit()).isFalse();

        Path other = randomFile("other.bin", 50_000, 8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.upload(other, java.util.Optional.of(sha
                .replace(sha.charAt(0), sha.charAt(0) == 'a' ? 'b' : 'a')), CHUNK, Progress.NONE))
                .as("the hash given is what is sent, not one read from the file again")
                .hasMessageContaining("it was corrupted on the way and discarded");
    }

    @Test
    void aCutUploadResumesWhereItStopped() throws Exception {
        Path model = randomFile("b.bin", 400_000, 2);
        String sha = Hashing.sha256(model);
        byte[] bytes = Files.readAllBytes(model);
        CompletableFuture<Throwable> cut = new CompletableFuture<>();
        @SuppressWarnings("unchecked")
        ClientCallStreamObserver<UploadChunk> stream = (ClientCallStreamObserver<UploadChunk>) client.stub()
                .upload(observer(cut));
        stream.onNext(chunk(header(sha, bytes.length, 0), bytes, 0, CHUNK));
        for (int i = 1; i < 5; i++) {
            stream.onNext(chunk(null, bytes, i * CHUNK, CHUNK));
        }
        long held = awaitHeld(sha, bytes.length, 5L * CHUNK);
        stream.cancel("network cut", null);
        cut.get(10, TimeUnit.SECONDS);

        UploadResult resumed = client.upload(model, CHUNK, Progress.NONE);
        assertThat(resumed.resumedFrom()).isEqualTo(held);
        assertThat(resumed.sentBytes()).isEqualTo(bytes.length - held);
        assertThat(Hashing.sha256(data.resolve("blobs").resolve(sha))).isEqualTo(sha);
    }

    @Test
    void aCorruptedUploadIsRefusedAndDiscarded() throws Exception {
        byte[] bytes = Files.readAllBytes(randomFile("c.bin", 100_000, 3));
        String sha = Hashing.sha256(bytes);
        bytes[50_000] ^= 1;
        Status status = rawUpload(header(sha, bytes.length, 0), bytes);
        assertThat(status.getCode()).isEqualTo(Status.Code.DATA_LOSS);
        assertThat(status.getDescription()).contains("corrupted", "send it again");
        assertThat(status(sha, bytes.length).getReceivedBytes()).isZero();
        assertThat(data.resolve("blobs").resolve(sha)).doesNotExist();
    }

    @Test
    void aModelOverTheLimitIsRefusedBeforeAnyByteIsStored() throws Exception {
        byte[] bytes = new byte[CHUNK];
        Status status = rawUpload(header("a".repeat(64), 2L << 20, 0), bytes);
        assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(status.getDescription()).contains("--max-upload-mb");
        assertThat(data.resolve("blobs").resolve("a".repeat(64) + ".part")).doesNotExist();
    }

    @Test
    void moreBytesThanAnnouncedAreRefused() throws Exception {
        byte[] bytes = new byte[3 * CHUNK];
        Status status = rawUpload(header(Hashing.sha256(new byte[CHUNK]), CHUNK, 0), bytes);
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).contains("more than");
    }

    @Test
    void pathTricksAreInvalidHashesAndTouchNoFile() throws Exception {
        for (String trick : new String[] {"../../../tmp/evil", "/etc/passwd", "A".repeat(64), "a".repeat(63) + "/"}) {
            Status status = rawUpload(header(trick, 10, 0), new byte[10]);
            assertThat(status.getCode()).as(trick).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).contains("SHA-256");
        }
        try (Stream<Path> stored = Files.list(data.resolve("blobs"))) {
            assertThat(stored).allSatisfy(p -> assertThat(p.getFileName().toString()).matches("[0-9a-f]{64}(\\.part)?"));
        }
        assertThat(Path.of("/tmp/evil")).doesNotExist();
        assertThat(client.describe().getCores()).isPositive();
    }

    private static long awaitHeld(String sha, long size, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            long held = status(sha, size).getReceivedBytes();
            if (held >= atLeast) {
                return held;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the agent never held " + atLeast + " bytes");
    }

    private static BlobStatusReply status(String sha, long size) {
        CompletableFuture<BlobStatusReply> reply = new CompletableFuture<>();
        client.stub().blobStatus(BlobStatusRequest.newBuilder().setSha256(sha).setSize(size).build(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(BlobStatusReply value) {
                        reply.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        reply.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        return reply.join();
    }

    private static Status rawUpload(UploadHeader header, byte[] bytes) throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        StreamObserver<UploadChunk> stream = client.stub().upload(observer(ended));
        for (int offset = 0; offset < bytes.length; offset += CHUNK) {
            stream.onNext(chunk(offset == 0 ? header : null, bytes, offset, Math.min(CHUNK, bytes.length - offset)));
        }
        stream.onCompleted();
        return Status.fromThrowable(ended.get(10, TimeUnit.SECONDS));
    }

    private static StreamObserver<BlobStatusReply> observer(CompletableFuture<Throwable> ended) {
        return new StreamObserver<>() {
            @Override
            public void onNext(BlobStatusReply value) {
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(t);
            }

            @Override
            public void onCompleted() {
                ended.complete(Status.OK.asRuntimeException());
            }
        };
    }

    private static UploadHeader header(String sha, long size, long offset) {
        return UploadHeader.newBuilder().setSha256(sha).setSize(size).setOffset(offset).build();
    }

    private static UploadChunk chunk(UploadHeader header, byte[] bytes, int offset, int length) {
        UploadChunk.Builder b = UploadChunk.newBuilder().setData(ByteString.copyFrom(bytes, offset, length));
        return (header == null ? b : b.setHeader(header)).build();
    }

    private static Path randomFile(String name, int size, long seed) throws Exception {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(files.resolve(name), bytes);
    }
}
