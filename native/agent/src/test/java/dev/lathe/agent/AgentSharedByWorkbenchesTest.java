package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.device.proto.BenchmarkRequest;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.ProtocolMessages;
import dev.lathe.engine.device.remote.RemoteRun;
import dev.lathe.engine.device.remote.RunListener;
import dev.lathe.engine.model.ModelFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several workbenches, each paired on its own, share one agent: their runs queue, one at a time, and none is lost. */
class AgentSharedByWorkbenchesTest {
    private static final int WORKBENCHES = 3;

    /** What one workbench saw of its run. */
    private record Seen(List<Integer> positions, long[] streamed, RemoteRun run, long firstSampleNanos, long endNanos) {
    }

    @Test
    void benchmarksStartedAtOnceFromThreeWorkbenchesRunOneAfterAnotherEachToldItsPlaceAndAllComplete(
            @TempDir Path data) throws Exception {
        List<AgentClient> clients = new ArrayList<>();
        try (AgentProcess agent = AgentProcess.start(data)) {
            for (int i = 0; i < WORKBENCHES; i++) {
                PairedAgent paired = Pairing.pair("127.0.0.1", agent.port, agent.token, "workbench " + i);
                clients.add(AgentClient.connect(paired));
            }
            assertThat(clients.stream().map(c -> c.agent().clientId()).distinct()).hasSize(WORKBENCHES);
            String sha = clients.get(0).upload(Samples.cnn(), AgentClient.DEFAULT_CHUNK_BYTES, Progress.NONE).sha256();

            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Seen>> runs = new ArrayList<>();
            for (AgentClient client : clients) {
                runs.add(CompletableFuture.supplyAsync(() -> benchmark(client, sha, go)));
            }
            go.countDown();
            List<Seen> seen = new ArrayList<>();
            for (CompletableFuture<Seen> run : runs) {
                seen.add(run.get(120, TimeUnit.SECONDS));
            }

            for (Seen s : seen) {
                assertThat(s.streamed()).isNotEmpty().isEqualTo(s.run().samplesNanos());
                assertThat(ProtocolMessages.fromProto(s.run().summary().getStats()))
                        .isEqualTo(LatencyStats.of(s.streamed()));
            }
            assertThat(seen.stream().filter(s -> s.positions().isEmpty())).as("ran at once").hasSize(1);
            assertThat(seen.stream().map(s -> s.positions().isEmpty() ? 0 : s.positions().get(0)))
                    .containsExactlyInAnyOrder(0, 1, 2);
            assertThat(seen.stream().filter(s -> !s.positions().isEmpty()))
                    .allSatisfy(s -> assertThat(s.positions().get(s.positions().size() - 1)).isEqualTo(1));
            seen.sort(Comparator.comparingLong(Seen::firstSampleNanos));
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).firstSampleNanos()).as("run %d started after run %d ended", i, i - 1)
                        .isGreaterThan(seen.get(i - 1).endNanos() - TimeUnit.MILLISECONDS.toNanos(50));
            }
        } finally {
            clients.forEach(AgentClient::close);
        }
    }

    private static Seen benchmark(AgentClient client, String sha, CountDownLatch go) {
        List<Integer> positions = new CopyOnWriteArrayList<>();
        List<Long> streamed = new CopyOnWriteArrayList<>();
        long[] first = {0};
        BenchmarkRequest request = BenchmarkRequest.newBuilder().setRunId(UUID.randomUUID().toString())
                .setModelSha256(sha).setFormat(ProtocolMessages.toProto(ModelFormat.ONNX)).setModelName("cnn.onnx")
                .setConfig(ProtocolMessages.toProto(new BenchConfig(5, 1, 1.0, 1, 1, Optional.empty())))
                .setStreamSamples(true).build();
        try {
            go.await();
            RemoteRun run = client.benchmark(request, new RunListener() {
                @Override
                public void queued(int position) {
                    positions.add(position);
                }

                @Override
                public void sample(int index, long nanos) {
                    if (streamed.isEmpty()) {
                        first[0] = System.nanoTime();
                    }
                    assertThat(index).isEqualTo(streamed.size());
                    streamed.add(nanos);
                }
            });
            return new Seen(positions, streamed.stream().mapToLong(Long::longValue).toArray(), run, first[0],
                    System.nanoTime());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
