package dev.lathe.agent;

import dev.lathe.engine.device.proto.BlobStatusReply;
import dev.lathe.engine.device.proto.UploadChunk;
import dev.lathe.engine.device.proto.UploadHeader;
import dev.lathe.engine.provenance.Hashing;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one file upload: checks the header (hash, size limit, resume offset) before writing a byte, appends
 * each chunk to the partial file so a cut upload can resume, and accepts the file only when the whole file hashes
 * to the announced SHA-256. Whatever a client sends, the worst outcome is a refused call and a discarded part file.
 */
final class UploadReceiver implements StreamObserver<UploadChunk> {
    private static final Logger LOG = LoggerFactory.getLogger(UploadReceiver.class);

    private final BlobStore store;
    private final StreamObserver<BlobStatusReply> reply;
    private UploadHeader header;
    private FileChannel out;
    private long written;
    private boolean finished;

    UploadReceiver(BlobStore store, StreamObserver<BlobStatusReply> reply) {
        this.store = store;
        this.reply = reply;
    }

    @Override
    public void onNext(UploadChunk chunk) {
        if (finished) {
            return;
        }
        try {
            if (header == null) {
                start(chunk);
            }
            if (finished) {
                return;
            }
            long size = chunk.getData().size();
            if (written + size > header.getSize()) {
                discard();
                throw refusal(Status.INVALID_ARGUMENT, "the upload sent more than the " + header.getSize()
                        + " bytes it announced; it was discarded");
            }
            for (var buffer : chunk.getData().asReadOnlyByteBufferList()) {
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            written += size;
        } catch (StatusRuntimeException e) {
            fail(e);
        } catch (IOException e) {
            LOG.error("Writing upload {} failed", header.getSha256(), e);
            fail(refusal(Status.INTERNAL, "the agent could not store the file (" + e.getMessage()
                    + "); check free space in its data folder"));
        }
    }

    private void start(UploadChunk chunk) throws IOException {
        if (!chunk.hasHeader()) {
            throw refusal(Status.INVALID_ARGUMENT, "an upload must start with a header (sha256, size, offset)");
        }
        header = chunk.getHeader();
        String sha = header.getSha256();
        if (!BlobStore.isHash(sha)) {
            throw refusal(Status.INVALID_ARGUMENT, "a file is named by its SHA-256 (64 lower-case hex digits), not '"
                    + abbreviate(sha) + "'");
        }
        if (header.getSize() <= 0 || header.getSize() > store.maxBytes()) {
            throw refusal(Status.RESOURCE_EXHAUSTED, "the file is " + header.getSize() + " bytes; this agent accepts "
                    + "1 to " + store.maxBytes() + " bytes (start it with a larger --max-upload-mb)");
        }
        if (store.file(sha).isPresent()) {
            complete();
            return;
        }
        if (!store.claim(sha)) {
            header = null;
            throw refusal(Status.ABORTED, "this file is being uploaded by another call; try again when it finished");
        }
        long have = store.received(sha);
        if (header.getOffset() != have) {
            store.release(sha);
            header = null;
            throw refusal(Status.FAILED_PRECONDITION, "the agent holds " + have + " bytes of this file; resume from "
                    + "offset " + have + ", not " + chunk.getHeader().getOffset());
        }
        try {
            out = FileChannel.open(store.partial(sha), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            store.release(sha);
            throw e;
        }
        written = have;
        LOG.info("Receiving {} ({} bytes) from offset {}", sha, header.getSize(), have);
    }

    @Override
    public void onCompleted() {
        if (finished) {
            return;
        }
        if (header == null) {
            fail(refusal(Status.INVALID_ARGUMENT, "the upload sent nothing"));
            return;
        }
        try {
            close();
            if (written != header.getSize()) {
                throw refusal(Status.FAILED_PRECONDITION, "the upload ended after " + written + " of "
                        + header.getSize() + " bytes; resume from offset " + written);
            }
            String sha = header.getSha256();
            Path part = store.partial(sha);
            String actual = Hashing.sha256(part);
            if (!actual.equals(sha)) {
                Files.deleteIfExists(part);
                throw refusal(Status.DATA_LOSS, "the received file hashes to " + actual + ", not " + sha
                        + ": it was corrupted on the way and discarded; send it again");
            }
            Files.move(part, store.complete(sha), StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Stored {} ({} bytes)", sha, written);
            complete();
        } catch (StatusRuntimeException e) {
            fail(e);
        } catch (IOException e) {
            LOG.error("Finishing upload {} failed", header.getSha256(), e);
            fail(refusal(Status.INTERNAL, "the agent could not store the file (" + e.getMessage() + ")"));
        } finally {
            store.release(header.getSha256());
        }
    }

    /** The client went away: keep what arrived, so the next upload of this file resumes from there. */
    @Override
    public void onError(Throwable t) {
        finished = true;
        try {
            close();
        } catch (IOException e) {
            LOG.warn("Closing a cut upload failed", e);
        }
        if (header != null && out != null) {
            store.release(header.getSha256());
            LOG.info("Upload of {} cut after {} bytes; kept for resuming", header.getSha256(), written);
        }
    }

    private void complete() {
        finished = true;
        reply.onNext(BlobStatusReply.newBuilder().setComplete(true).setReceivedBytes(header.getSize())
                .setMaxBytes(store.maxBytes()).build());
        reply.onCompleted();
    }

    private void fail(StatusRuntimeException e) {
        finished = true;
        try {
            close();
        } catch (IOException io) {
            LOG.warn("Closing a refused upload failed", io);
        }
        if (header != null && out != null) {
            store.release(header.getSha256());
        }
        LOG.warn("Refused upload: {}", LogText.of(e.getStatus().getDescription()));
        reply.onError(e);
    }

    private void discard() throws IOException {
        close();
        Files.deleteIfExists(store.partial(header.getSha256()));
    }

    private void close() throws IOException {
        if (out != null && out.isOpen()) {
            out.close();
        }
    }

    private static StatusRuntimeException refusal(Status status, String message) {
        return status.withDescription(message).asRuntimeException();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
