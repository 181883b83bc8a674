package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.BenchmarkInterruptedException;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.model.ModelFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a workbench sees when the agent dies mid-run, restarts, or comes back with another certificate. */
class AgentLifecycleTest {
    @TempDir
    Path data;

    @Test
    void anAgentKilledMidRunLeavesTheClientTheSamplesSoFarAndAnInterruptedOutcome() throws Exception {
        AgentProcess agent = AgentProcess.start(data);
        try (AgentClient client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token, "t"))) {
            RemoteDevice device = RemoteDevice.connect(client, t -> { });
            List<Long> received = new CopyOnWriteArrayList<>();
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    device.benchmark(new ModelHandle(Samples.cnn(), ModelFormat.ONNX, Optional.empty()),
                            new BenchConfig(0, 1, 60, 1, 1, Optional.empty()), (i, nanos) -> received.add(nanos),
                            Progress.NONE);
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.size() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            agent.kill();
            Throwable ended = outcome.get(20, TimeUnit.SECONDS);
            assertThat(ended).isInstanceOf(BenchmarkInterruptedException.class).hasMessageContaining("interrupted");
            long[] kept = ((BenchmarkInterruptedException) ended).samplesSoFar();
            assertThat(kept.length).isGreaterThanOrEqualTo(50).isEqualTo(received.size());
            assertThat(kept).containsExactly(received.stream().mapToLong(Long::longValue).toArray());
        } finally {
            agent.kill();
        }
    }

    @Test
    void aRunBrokenOffByAKilledAgentIsStoredAsInterruptedAndNothingElseChanges() throws Exception {
        Workbench workbench = Samples.workbench(data.resolve("lathe.db"));
        ModelRecord model = workbench.open(Samples.cnn());
        StoredBenchmark earlier = workbench.benchmark(model, new BenchConfig(2, 20, 0, 1, 1, Optional.empty()),
                SampleListener.NONE, Progress.NONE);
        List<ModelRecord> modelsBefore = workbench.models();
        AgentProcess agent = AgentProcess.start(data.resolve("agent"));
        try (AgentClient client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token, "t"))) {
            RemoteDevice device = RemoteDevice.connect(client, t -> { });
            List<Long> received = new CopyOnWriteArrayList<>();
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    workbench.benchmark(model, device, new BenchConfig(0, 1, 60, 1, 1, Optional.empty()),
                            (i, nanos) -> received.add(nanos), Progress.NONE);
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            waitFor(() -> received.size() >= 50);
            agent.kill();
            Throwable ended = outcome.get(20, TimeUnit.SECONDS);

            assertThat(ended).isInstanceOf(BenchmarkInterruptedException.class);
            BenchmarkInterruptedException interrupted = (BenchmarkInterruptedException) ended;
            assertThat(interrupted.samplesKept()).isGreaterThanOrEqualTo(50).isEqualTo(received.size());
            assertThat(interrupted.getMessage()).contains(received.size() + " samples kept as interrupted run #"
                    + interrupted.storedRunId().orElseThrow());
            List<StoredBenchmark> runs = workbench.benchmarks(model);
            assertThat(runs).hasSize(2);
            StoredBenchmark stored = runs.get(0);
            assertThat(stored.id()).isEqualTo(interrupted.storedRunId().get());
            assertThat(stored.interruption()).hasValueSatisfying(r -> assertThat(r).contains("stopped answering"));
            assertThat(stored.result().device()).isEqualTo(device.describe());
            assertThat(stored.result().samplesNanos()).containsExactly(
                    received.stream().mapToLong(Long::longValue).toArray());
            assertThat(stored.result().stats().count()).isEqualTo(received.size());
            StoredBenchmark kept = runs.get(1);
            assertThat(kept.id()).isEqualTo(earlier.id());
            assertThat(kept.complete()).isTrue();
            assertThat(kept.result().samplesNanos()).containsExactly(earlier.result().samplesNanos());
            assertThat(workbench.models()).usingRecursiveFieldByFieldElementComparator().isEqualTo(modelsBefore);
            assertThat(workbench.evaluations(model)).isEmpty();
        } finally {
            agent.kill();
        }
    }

    @Test
    void aRunBrokenOffBeforeItsFirstSampleStoresNothing() throws Exception {
        Workbench workbench = Samples.workbench(data.resolve("lathe.db"));
        ModelRecord model = workbench.open(Samples.cnn());
        AgentProcess agent = AgentProcess.start(data.resolve("agent"));
        try (AgentClient client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token, "t"))) {
            RemoteDevice device = RemoteDevice.connect(client, t -> { });
            List<String> progress = new CopyOnWriteArrayList<>();
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    // The longest warm-up Lathe takes: minutes of it, so the agent dies before the first sample.
                    workbench.benchmark(model, device, new BenchConfig(BenchConfig.MAX_WARMUP, 1, 0, 1, 1,
                                    Optional.empty()), SampleListener.NONE, (done, total, message) -> progress.add(message));
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            waitFor(() -> progress.contains("Warming up"));
            agent.kill();
            Throwable ended = outcome.get(20, TimeUnit.SECONDS);

            assertThat(ended).isInstanceOf(BenchmarkInterruptedException.class);
            assertThat(((BenchmarkInterruptedException) ended).samplesKept()).isZero();
            assertThat(((BenchmarkInterruptedException) ended).storedRunId()).isEmpty();
            assertThat(workbench.benchmarks(model)).isEmpty();
        } finally {
            agent.kill();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("reached within 30 s").isTrue();
    }

    @Test
    void aRestartedAgentKeepsItsIdentityAndPairingsButANewCertificateIsRefused() throws Exception {
        AgentProcess first = AgentProcess.start(data);
        PairedAgent paired;
        try {
            paired = Pairing.pair("127.0.0.1", first.port, first.token, "t");
        } finally {
            first.close();
        }
        AgentProcess again = AgentProcess.start(data);
        try (AgentClient client = AgentClient.connect(moved(paired, again.port))) {
            assertThat(again.token).isEqualTo(first.token);
            assertThat(again.fingerprint).isEqualTo(first.fingerprint);
            assertThat(client.describe().getCores()).isPositive();
        } finally {
            again.close();
        }
        Files.delete(data.resolve("agent-key.pem"));
        Files.delete(data.resolve("agent-cert.pem"));
        AgentProcess replaced = AgentProcess.start(data);
        try (AgentClient client = AgentClient.connect(moved(paired, replaced.port))) {
            assertThat(replaced.fingerprint).isNotEqualTo(first.fingerprint);
            assertThatThrownBy(client::describe).isInstanceOf(DeviceException.class)
                    .hasMessageContaining("certificate changed").hasMessageContaining("pair again");
        } finally {
            replaced.close();
        }
    }

    @Test
    void anAgentStartedAsAChildStopsWhenItsParentClosesItsStandardInput() throws Exception {
        AgentProcess child = AgentProcess.start(data, "--exit-with-stdin");
        try {
            assertThat(child.process.isAlive()).isTrue();
            child.process.getOutputStream().close();
            assertThat(child.process.waitFor(20, TimeUnit.SECONDS)).as("agent stopped after stdin closed").isTrue();
            assertThat(child.process.exitValue()).isZero();
        } finally {
            child.kill();
        }
    }

    private static PairedAgent moved(PairedAgent p, int port) {
        return new PairedAgent(p.host(), port, p.certificateSha256(), p.clientId(), p.clientSecret());
    }
}
