package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.device.proto.BlobStatusRequest;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.ProtocolVersion;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Abandoned unfinished uploads expire (issue 12: a {@code .part} stayed forever): a day after their last byte, at
 * the agent's start and every hour while it runs; one that is being received, or younger, stays to be resumed.
 */
class StalePartsTest {
    private static final String STALE = "a".repeat(64);
    private static final String FRESH = "b".repeat(64);
    private static final String RECEIVING = "c".repeat(64);
    private static final String COMPLETE = "d".repeat(64);

    @TempDir
    Path tmp;

    @Test
    void partsUntouchedForTheirLifetimeGoUnlessBeingReceived() throws Exception {
        BlobStore blobs = new BlobStore(tmp.resolve("blobs"), 1 << 20);
        Instant now = Instant.parse("2026-12-06T04:51:07Z");
        part(blobs.partial(STALE), now.minus(BlobStore.PART_LIFETIME).minusSeconds(1));
        part(blobs.partial(FRESH), now.minus(BlobStore.PART_LIFETIME).plusSeconds(60));
        part(blobs.partial(RECEIVING), now.minus(Duration.ofDays(3)));
        part(blobs.complete(COMPLETE), now.minus(Duration.ofDays(30)));
        part(tmp.resolve("blobs/notes.part"), now.minus(Duration.ofDays(30)));
        assertThat(blobs.claim(RECEIVING)).isTrue();

        assertThat(blobs.removeStaleParts(now, BlobStore.PART_LIFETIME)).containsExactly(STALE);

        assertThat(blobs.partial(STALE)).doesNotExist();
        assertThat(blobs.partial(FRESH)).exists();
        assertThat(blobs.partial(RECEIVING)).exists();
        assertThat(blobs.file(COMPLETE)).isPresent();
        assertThat(tmp.resolve("blobs/notes.part")).exists();
    }

    @Test
    void theSweepRunsAgainAndAgainWhileTheAgentRuns() throws Exception {
        BlobStore blobs = new BlobStore(tmp.resolve("blobs"), 1 << 20);
        Files.write(blobs.partial(FRESH), new byte[10]);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            new StalePartSweep(blobs, Duration.ofMillis(500), Clock.systemUTC()).start(scheduler, Duration.ofMillis(100));
            assertThat(blobs.partial(FRESH)).exists();
            for (int i = 0; i < 50 && Files.exists(blobs.partial(FRESH)); i++) {
                Thread.sleep(100);
            }
            assertThat(blobs.partial(FRESH)).doesNotExist();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void anAgentStartingUpRemovesStalePartsAndKeepsFreshOnesToResume() throws Exception {
        Path blobs = Files.createDirectories(tmp.resolve("blobs"));
        part(blobs.resolve(STALE + ".part"), Instant.now().minus(BlobStore.PART_LIFETIME).minusSeconds(60));
        Files.write(blobs.resolve(FRESH + ".part"), new byte[1234]);

        try (AgentProcess agent = AgentProcess.start(tmp)) {
            assertThat(blobs.resolve(STALE + ".part")).doesNotExist();
            assertThat(blobs.resolve(FRESH + ".part")).exists();
            PairedAgent paired = Pairing.pair("127.0.0.1", agent.port, agent.token, "parts test");
            ManagedChannel channel = RawChannels.open(agent.port, ProtocolVersion.CURRENT,
                    "Bearer " + paired.clientId() + "." + paired.clientSecret());
            try {
                assertThat(RawChannels.blocking(channel).blobStatus(BlobStatusRequest.newBuilder()
                        .setSha256(FRESH).setSize(4096).build()).getReceivedBytes()).isEqualTo(1234);
            } finally {
                channel.shutdownNow();
            }
        }
        assertThat(Files.readString(tmp.resolve("lathe-agent.log"))).contains("Removed 1 unfinished upload(s) no "
                + "byte reached for 24 h: [" + STALE + "]");
    }

    private static void part(Path file, Instant lastWritten) throws Exception {
        Files.write(file, new byte[100]);
        Files.setLastModifiedTime(file, FileTime.from(lastWritten));
    }
}
