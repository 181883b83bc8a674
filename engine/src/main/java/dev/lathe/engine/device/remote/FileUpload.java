package dev.lathe.engine.device.remote;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.proto.BlobStatusReply;
import dev.lathe.engine.device.proto.BlobStatusRequest;
import dev.lathe.engine.device.proto.DeviceServiceGrpc;
import dev.lathe.engine.device.proto.UploadChunk;
import dev.lathe.engine.device.proto.UploadHeader;
import dev.lathe.engine.provenance.Hashing;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Sends a file (a model, or one file of a dataset) to an agent by hash: nothing when the agent has it, the rest
 * when it holds part of it (an earlier upload was cut), else all of it, in chunks sent only as fast as the
 * connection takes them. When the link breaks it tries again with backoff ({@link UploadRetry}), each time from
 * what the agent holds, and gives up with a message saying so once the link stays down for the retry window.
 */
final class FileUpload {
    private final Supplier<DeviceServiceGrpc.DeviceServiceBlockingStub> blocking;
    private final DeviceServiceGrpc.DeviceServiceStub async;
    private final Runnable reconnect;
    private final String address;
    private final UploadRetry retry;
    private long sentBytes;
    /** When the agent last took a byte more: a status reply holding more, or a chunk the link accepted. */
    private long movedNanos;
    private long backoffMillis;
    private int retries;

    /** {@code reconnect} makes the channel dial again now rather than after its own, longer backoff. */
    FileUpload(Supplier<DeviceServiceGrpc.DeviceServiceBlockingStub> blocking,
               DeviceServiceGrpc.DeviceServiceStub async, Runnable reconnect, String address, UploadRetry retry) {
        this.blocking = blocking;
        this.async = async;
        this.reconnect = reconnect;
        this.address = address;
        this.retry = retry;
    }

    /** @param known the file's hash when the caller has checked it already; else it is read here to hash it */
    UploadResult send(Path file, Optional<String> known, int chunkBytes, Progress progress)
            throws DeviceException, CancelledException {
        String sha;
        long size;
        try {
            sha = known.isPresent() ? known.get() : Hashing.sha256(file);
            size = Files.size(file);
        } catch (IOException e) {
            throw new DeviceException(file + ": cannot be read to send it to the agent (" + e.getMessage()
                    + ")", e);
        }
        long resumedFrom = -1;
        long held = -1;
        movedNanos = System.nanoTime();
        backoffMillis = retry.initialBackoff().toMillis();
        while (true) {
            try {
                BlobStatusReply status = blocking.get().blobStatus(
                        BlobStatusRequest.newBuilder().setSha256(sha).setSize(size).build());
                if (status.getComplete()) {
                    return new UploadResult(sha, size, Math.max(resumedFrom, 0), sentBytes, resumedFrom < 0, retries);
                }
                long offset = startOffset(file, size, status);
                resumedFrom = resumedFrom < 0 ? offset : resumedFrom;
                if (offset > held) {
                    held = offset;
                    movedNanos = System.nanoTime();
                    backoffMillis = retry.initialBackoff().toMillis();
                }
                if (offset > 0) {
                    progress.report(offset, size, "Resuming " + file.getFileName() + " from byte " + offset + " of "
                            + size + ", which the agent holds");
                }
                if (stream(file, sha, size, offset, chunkBytes, progress).getComplete()) {
                    return new UploadResult(sha, size, resumedFrom, sentBytes, false, retries);
                }
            } catch (StatusRuntimeException e) {
                waitToRetry(file, size, Math.max(held, 0), e, progress);
            }
        }
    }

    /** Rethrows what asking again cannot fix, or a break that lasted the whole window; else waits its backoff. */
    private void waitToRetry(Path file, long size, long held, StatusRuntimeException e, Progress progress)
            throws DeviceException, CancelledException {
        if (!worthRetrying(e.getStatus().getCode())) {
            throw e;
        }
        if (System.nanoTime() - movedNanos >= retry.window().toNanos()) {
            throw gaveUp(file, size, held, e);
        }
        retries++;
        progress.report(held, size, "Link to " + address + " lost (" + reason(e) + "); resuming in "
                + backoffMillis / 1000.0 + " s");
        pause(file, backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, retry.maxBackoff().toMillis());
    }

    private long startOffset(Path file, long size, BlobStatusReply status) throws DeviceException {
        if (size > status.getMaxBytes()) {
            String given = mebibytes(size);
            String limit = mebibytes(status.getMaxBytes());
            boolean same = given.equals(limit);
            throw new DeviceException(file.getFileName() + " is " + given + (same ? " (" + bytes(size) + ")" : "")
                    + "; the agent at " + address + " accepts files up to " + limit
                    + (same ? " (" + bytes(status.getMaxBytes()) + ")" : "") + " (start it with a larger --max-upload-mb)");
        }
        return status.getReceivedBytes() <= size ? status.getReceivedBytes() : 0;
    }

    /** Like {@code 1.71 MiB}: two decimals, so a 1.71 MiB file is never called as large as a 1 MiB limit. */
    static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.2f MiB", bytes / 1048576.0);
    }

    private static String bytes(long n) {
        return String.format(java.util.Locale.ROOT, "%,d bytes", n);
    }

    /**
     * A broken or silent link (UNAVAILABLE, DEADLINE_EXCEEDED), the agent still finishing the cut upload of this
     * file (ABORTED) or holding more of it than we asked to resume from (FAILED_PRECONDITION): asking again helps.
     */
    private static boolean worthRetrying(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                || code == Status.Code.ABORTED || code == Status.Code.FAILED_PRECONDITION;
    }

    private DeviceException gaveUp(Path file, long size, long held, StatusRuntimeException e) {
        return new DeviceException("Sending " + file.getFileName() + " to " + address + " stopped: the link broke ("
                + reason(e) + ") and the agent received nothing more for " + retry.window().toSeconds()
                + " s. It keeps what it received of the file's " + size + " bytes (it held " + held
                + " when last asked); sending again resumes from there.", e);
    }

    /** One line: gRPC's description ("io exception") and what the network said ("Network is unreachable"). */
    private static String reason(StatusRuntimeException e) {
        String said = e.getStatus().getDescription();
        said = said == null ? e.getStatus().getCode().toString() : said.lines().findFirst().orElse(said);
        Throwable cause = e.getCause();
        while (cause != null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String network = cause == null || cause.getMessage() == null ? "" : cause.getMessage().lines().findFirst()
                .orElse("");
        return network.isBlank() || said.contains(network) ? said : said + ": " + network;
    }

    private void pause(Path file, long millis) throws CancelledException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Sending " + file.getFileName());
        }
        reconnect.run();
    }

    private BlobStatusReply stream(Path file, String sha, long size, long offset, int chunkBytes, Progress progress)
            throws DeviceException, CancelledException {
        CompletableFuture<BlobStatusReply> done = new CompletableFuture<>();
        Object ready = new Object();
        ClientCallStreamObserver<UploadChunk> requests = (ClientCallStreamObserver<UploadChunk>) async.upload(
                new ClientResponseObserver<UploadChunk, BlobStatusReply>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<UploadChunk> stream) {
                        stream.setOnReadyHandler(() -> {
                            synchronized (ready) {
                                ready.notifyAll();
                            }
                        });
                    }

                    @Override
                    public void onNext(BlobStatusReply reply) {
                        done.complete(reply);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(BlobStatusReply.getDefaultInstance());
                    }
                });
        UploadHeader header = UploadHeader.newBuilder().setSha256(sha).setSize(size).setOffset(offset).build();
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            // The header alone first: on a slow link the agent can refuse it (or name the offset it holds)
            // before a chunk of data is on its way.
            requests.onNext(UploadChunk.newBuilder().setHeader(header).build());
            byte[] buffer = new byte[chunkBytes];
            long sent = offset;
            while (sent < size && !done.isDone()) {
                int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, size - sent));
                awaitReady(requests, done, ready);
                if (done.isDone()) {
                    break; // the call ended while this chunk waited (a broken link): it was never sent
                }
                requests.onNext(UploadChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, n)).build());
                sent += n;
                sentBytes += n;
                movedNanos = System.nanoTime();
                progress.report(sent, size, "Sending " + file.getFileName() + " to " + address);
            }
            requests.onCompleted();
            return done.get();
        } catch (InterruptedException e) {
            requests.cancel("cancelled by the workbench", null);
            Thread.currentThread().interrupt();
            throw new CancelledException("Sending " + file.getFileName());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException) {
                throw (StatusRuntimeException) e.getCause();
            }
            throw new DeviceException("sending " + file.getFileName() + " to " + address + " failed: " + e.getCause(), e);
        } catch (IOException e) {
            requests.cancel("the workbench could not read the file", e);
            throw new DeviceException(file.getFileName() + ": reading it failed while sending (" + e.getMessage() + ")",
                    e);
        }
    }

    private static void awaitReady(ClientCallStreamObserver<UploadChunk> requests,
                                   CompletableFuture<BlobStatusReply> done, Object ready) throws InterruptedException {
        synchronized (ready) {
            while (!requests.isReady() && !done.isDone()) {
                ready.wait(100);
            }
        }
    }
}
