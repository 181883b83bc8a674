package dev.lathe.engine.device.remote;

import dev.lathe.engine.CancelledException;
import dev.lathe.engine.Progress;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.proto.BlobStatusReply;
import dev.lathe.engine.device.proto.BlobStatusRequest;
import dev.lathe.engine.device.proto.DeviceServiceGrpc;
import dev.lathe.engine.device.proto.UploadChunk;
import dev.lathe.engine.device.proto.UploadHeader;
import dev.lathe.engine.provenance.Hashing;
import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Sends a file (a model, or one file of a dataset) to an agent by hash: nothing when the agent has it, the rest
 * when it holds part of it (an earlier upload was cut), else all of it, in chunks sent only as fast as the
 * connection takes them.
 */
final class FileUpload {
    private final DeviceServiceGrpc.DeviceServiceBlockingStub blocking;
    private final DeviceServiceGrpc.DeviceServiceStub async;
    private final String address;

    FileUpload(DeviceServiceGrpc.DeviceServiceBlockingStub blocking, DeviceServiceGrpc.DeviceServiceStub async,
                String address) {
        this.blocking = blocking;
        this.async = async;
        this.address = address;
    }

    UploadResult send(Path file, int chunkBytes, Progress progress) throws DeviceException, CancelledException {
        String sha;
        long size;
        try {
            sha = Hashing.sha256(file);
            size = Files.size(file);
        } catch (IOException e) {
            throw new DeviceException(file + ": cannot be read to send it to the agent (" + e.getMessage()
                    + ")", e);
        }
        BlobStatusReply status = blocking.blobStatus(BlobStatusRequest.newBuilder().setSha256(sha).setSize(size).build());
        if (status.getComplete()) {
            return new UploadResult(sha, size, 0, 0, true);
        }
        if (size > status.getMaxBytes()) {
            throw new DeviceException(file.getFileName() + " is " + (size >> 20) + " MiB; the agent at " + address
                    + " accepts files up to " + (status.getMaxBytes() >> 20) + " MiB (start it with a larger "
                    + "--max-upload-mb)");
        }
        long offset = status.getReceivedBytes() <= size ? status.getReceivedBytes() : 0;
        stream(file, sha, size, offset, chunkBytes, progress);
        return new UploadResult(sha, size, offset, size - offset, false);
    }

    private void stream(Path file, String sha, long size, long offset, int chunkBytes, Progress progress)
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
            byte[] buffer = new byte[chunkBytes];
            long sent = offset;
            boolean first = true;
            while (sent < size && !done.isDone()) {
                int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, size - sent));
                awaitReady(requests, done, ready);
                UploadChunk.Builder chunk = UploadChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, n));
                requests.onNext((first ? chunk.setHeader(header) : chunk).build());
                first = false;
                sent += n;
                progress.report(sent, size, "Sending " + file.getFileName() + " to " + address);
            }
            if (first && !done.isDone()) {
                requests.onNext(UploadChunk.newBuilder().setHeader(header).build());
            }
            requests.onCompleted();
            done.get();
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
