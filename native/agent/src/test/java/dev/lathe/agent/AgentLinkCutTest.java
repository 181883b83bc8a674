package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.UploadResult;
import dev.lathe.engine.device.remote.UploadRetry;
import dev.lathe.engine.provenance.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads over a link that breaks, through a real TCP forwarder between the workbench's client and a real agent
 * process: each try resumes from what the agent holds, and a link that stays down ends the upload with a message.
 */
class AgentLinkCutTest {
    @TempDir
    static Path data;
    @TempDir
    static Path files;
    static AgentProcess agent;
    static PairedAgent direct;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentProcess.start(data);
        direct = Pairing.pair("127.0.0.1", agent.port, agent.token, "link cut test");
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
    }

    @Test
    void anUploadCutEveryTwoMegabytesCompletesByResumingAndTheAgentHoldsTheExactFile() throws Exception {
        int size = 8 << 20;
        long budget = 2L << 20;
        Path model = randomFile("cut.bin", size, 11);
        String sha = Hashing.sha256(model);
        List<String> messages = new CopyOnWriteArrayList<>();
        try (CuttingProxy proxy = new CuttingProxy(agent.port, budget);
             AgentClient client = AgentClient.connect(through(proxy))) {
            UploadResult result = client.upload(model, AgentClient.DEFAULT_CHUNK_BYTES, UploadRetry.DEFAULT,
                    (done, total, message) -> messages.add(message));

            // No connection carried the file: only resuming from what the agent held can have finished it.
            List<Long> carried = proxy.carriedPerConnection();
            assertThat(carried).hasSizeGreaterThanOrEqualTo(4)
                    .allSatisfy(bytes -> assertThat(bytes).isLessThanOrEqualTo(budget));
            assertThat(resumedOffsets(messages)).hasSizeGreaterThanOrEqualTo(3).isSorted().doesNotHaveDuplicates()
                    .allSatisfy(offset -> assertThat(offset).isPositive());
            // What a cut loses is what was in flight: at most gRPC's per-stream flow-control window (1 MiB) and the
            // chunk being written; re-sending from the start would never have finished. TLS framing aside (1/50).
            long resent = carried.stream().mapToLong(Long::longValue).sum() - size;
            long inFlightPerCut = (1L << 20) + AgentClient.DEFAULT_CHUNK_BYTES;
            assertThat(resent).as("bytes carried to the agent beyond the file's own (what was in flight at each cut, TLS)")
                    .isPositive().isLessThanOrEqualTo((carried.size() - 1) * inFlightPerCut + size / 50);
            assertThat(result.retries()).isGreaterThanOrEqualTo(3);
            assertThat(result.cacheHit()).isFalse();
            assertThat(result.sentBytes()).isGreaterThanOrEqualTo(size);
            assertThat(result.sha256()).isEqualTo(sha);
            assertThat(Hashing.sha256(data.resolve("blobs").resolve(sha))).isEqualTo(sha);
            assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("Link to 127.0.0.1:" + proxy.port()
                    + " lost").contains("resuming in"));
        }
    }

    @Test
    void aLinkThatStaysDownEndsTheUploadSayingWhatTheAgentKeptAndTheNextUploadResumesFromIt() throws Exception {
        int size = 3 << 20;
        long budget = 1L << 20;
        Path model = randomFile("down.bin", size, 12);
        UploadRetry impatient = new UploadRetry(Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(1));
        try (CuttingProxy proxy = new CuttingProxy(agent.port, budget);
             AgentClient client = AgentClient.connect(through(proxy))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.upload(model, AgentClient.DEFAULT_CHUNK_BYTES, impatient,
                    (done, total, message) -> proxy.refuse = proxy.refuse || message.contains("lost")))
                    .isInstanceOf(DeviceException.class)
                    .hasMessageContainingAll("down.bin", "stopped", "for 3 s", "of the file's " + size + " bytes",
                            "sending again resumes");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            long held = Files.size(data.resolve("blobs").resolve(Hashing.sha256(model) + ".part"));
            assertThat(held).isPositive().isLessThanOrEqualTo(budget);

            proxy.refuse = false;
            try (AgentClient again = AgentClient.connect(direct)) {
                UploadResult resumed = again.upload(model, AgentClient.DEFAULT_CHUNK_BYTES, Progress.NONE);
                assertThat(resumed.resumedFrom()).isEqualTo(held);
                assertThat(resumed.sentBytes()).isEqualTo(size - held);
            }
        }
    }

    /** The offsets the upload resumed from, as the agent reported holding them. */
    private static List<Long> resumedOffsets(List<String> messages) {
        Pattern resuming = Pattern.compile("Resuming cut\\.bin from byte (\\d+) of");
        return messages.stream().map(resuming::matcher).filter(Matcher::find).map(m -> Long.parseLong(m.group(1)))
                .collect(Collectors.toList());
    }

    private static PairedAgent through(CuttingProxy proxy) {
        return new PairedAgent("127.0.0.1", proxy.port(), direct.certificateSha256(), direct.clientId(),
                direct.clientSecret());
    }

    private static Path randomFile(String name, int size, long seed) throws Exception {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(files.resolve(name), bytes);
    }
}
