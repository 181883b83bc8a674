package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.HostProbe;
import dev.lathe.engine.device.HostTelemetry;
import dev.lathe.engine.hardware.Int8Path;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.device.TelemetrySample;
import dev.lathe.engine.device.proto.BenchmarkRequest;
import dev.lathe.engine.device.proto.DeviceDescription;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.ProtocolMessages;
import dev.lathe.engine.device.remote.ProtocolVersion;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.device.remote.RemoteRun;
import dev.lathe.engine.device.remote.RunListener;
import dev.lathe.engine.model.ModelFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device protocol against a real agent process on loopback: pairing, describe, benchmarks, queue, cancel. */
class AgentProtocolTest {
    @TempDir
    static Path data;
    static AgentProcess agent;
    static PairedAgent paired;
    static AgentClient client;
    static String cnnSha;

    @BeforeAll
    static void startAndPair() throws Exception {
        agent = AgentProcess.start(data);
        paired = Pairing.pair("127.0.0.1", agent.port, agent.token, "protocol test");
        client = AgentClient.connect(paired);
        cnnSha = client.upload(Samples.cnn(), AgentClient.DEFAULT_CHUNK_BYTES, Progress.NONE).sha256();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        agent.close();
    }

    @Test
    void printsOnlyThePairingAndListeningLinesListensOnLoopbackAndPinsTheCertificateItPrinted() {
        assertThat(agent.stdout).hasSize(2);
        assertThat(agent.stdout.get(1)).startsWith("listening on 127.0.0.1:");
        assertThat(agent.token).matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}");
        assertThat(paired.certificateSha256()).isEqualTo(agent.fingerprint);
    }

    @Test
    void describesTheBoardItRunsOn() throws Exception {
        DeviceDescription d = client.describe();
        assertThat(d.getCores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(d.getMemoryBytes()).isPositive();
        assertThat(d.getArch()).isEqualTo(System.getProperty("os.arch"));
        assertThat(d.getRuntimesList()).anySatisfy(r -> assertThat(r.getName()).isEqualTo("onnxruntime"));
        assertThat(d.getThermalSensorsList()).isEqualTo(new HostTelemetry().thermalSensors());
        assertThat(d.getProtocolVersion()).isEqualTo(ProtocolVersion.CURRENT);
        assertThat(d.getId()).startsWith("agent-");
    }

    @Test
    void describesTheInt8PathOfTheCpuItRunsOn() throws Exception {
        // The agent runs on this computer: its path is what this computer's /proc/cpuinfo and JVM give.
        Int8Path here = Int8Path.of(System.getProperty("os.arch"), HostProbe.cpuFlags());
        assertThat(client.describe().getInt8Path()).isEqualTo(here.id());
        assertThat(RemoteDevice.connect(client, t -> { }).describe().int8Path()).isEqualTo(here);
    }

    @Test
    void streamsEverySampleAndItsSummaryAgreesWithThem() throws Exception {
        List<Long> streamed = new CopyOnWriteArrayList<>();
        List<TelemetrySample> telemetry = new CopyOnWriteArrayList<>();
        RemoteRun run = client.benchmark(request(new BenchConfig(10, 200, 0, 1, 1, Optional.empty()), true),
                new RunListener() {
                    @Override
                    public void sample(int index, long nanos) {
                        assertThat(index).isEqualTo(streamed.size());
                        streamed.add(nanos);
                    }

                    @Override
                    public void telemetry(TelemetrySample sample) {
                        telemetry.add(sample);
                    }
                });
        long[] samples = streamed.stream().mapToLong(Long::longValue).toArray();
        assertThat(samples).hasSize(200).isEqualTo(run.samplesNanos());
        assertThat(ProtocolMessages.fromProto(run.summary().getStats())).isEqualTo(LatencyStats.of(samples));
        assertThat(run.summary().getInputShapeList()).containsExactly(1L, 1L, 28L, 28L);
        assertThat(telemetry).isNotEmpty().allSatisfy(t -> {
            assertThat(t.memoryTotalBytes()).isPositive();
            assertThat(t.temperaturesCelsius()).hasSize(new HostTelemetry().thermalSensors().size());
        });
    }

    @Test
    void aRemoteDeviceBenchmarksLikeTheLocalOneWithTheBoardsFingerprint() throws Exception {
        RemoteDevice device = RemoteDevice.connect(client, t -> { });
        int[] seen = new int[1];
        BenchmarkResult result = device.benchmark(new ModelHandle(Samples.cnn(), ModelFormat.ONNX, Optional.empty()),
                new BenchConfig(5, 50, 0, 1, 1, Optional.empty()), (i, nanos) -> seen[0]++, Progress.NONE);
        assertThat(seen[0]).isEqualTo(50);
        assertThat(result.stats().count()).isEqualTo(50);
        assertThat(result.device().id()).isEqualTo(client.describe().getId());
        assertThat(result.device().int8Path().id()).isEqualTo(client.describe().getInt8Path());
        assertThat(result.runtime()).contains("ONNX Runtime");
    }

    @Test
    void aSecondBenchmarkWaitsItsTurnAndIsToldItsPlace() throws Exception {
        CountDownLatch firstMeasuring = new CountDownLatch(1);
        CompletableFuture<Long> firstEnded = CompletableFuture.supplyAsync(() -> {
            try {
                client.benchmark(request(new BenchConfig(0, 1, 2.0, 1, 1, Optional.empty()), true), new RunListener() {
                    @Override
                    public void sample(int index, long nanos) {
                        firstMeasuring.countDown();
                    }
                });
                return System.nanoTime();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(firstMeasuring.await(30, TimeUnit.SECONDS)).isTrue();
        List<Integer> positions = new CopyOnWriteArrayList<>();
        long[] secondStarted = {0};
        client.benchmark(request(new BenchConfig(0, 20, 0, 1, 1, Optional.empty()), true), new RunListener() {
            @Override
            public void queued(int position) {
                positions.add(position);
            }

            @Override
            public void sample(int index, long nanos) {
                if (index == 0) {
                    secondStarted[0] = System.nanoTime();
                }
            }
        });
        assertThat(positions).containsExactly(1);
        assertThat(secondStarted[0]).isGreaterThan(firstEnded.get(30, TimeUnit.SECONDS) - 50_000_000L);
    }

    @Test
    void aRunCancelledByItsIdStopsAndTheAgentCarriesOn() throws Exception {
        BenchmarkRequest long30s = request(new BenchConfig(0, 1, 30, 1, 1, Optional.empty()), true);
        CountDownLatch measuring = new CountDownLatch(1);
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                client.benchmark(long30s, new RunListener() {
                    @Override
                    public void sample(int index, long nanos) {
                        measuring.countDown();
                    }
                });
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        assertThat(measuring.await(30, TimeUnit.SECONDS)).isTrue();
        long asked = System.nanoTime();
        assertThat(client.cancel(long30s.getRunId())).isTrue();
        Throwable ended = outcome.get(10, TimeUnit.SECONDS);
        assertThat(System.nanoTime() - asked).isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(ended).isInstanceOf(DeviceException.class).hasMessageContaining("was cancelled");
        assertThat(client.cancel("no-such-run")).isFalse();
        assertThat(client.describe().getCores()).isPositive();
    }

    @Test
    void aModelTheAgentDoesNotHoldIsRefusedNamingWhatToDo() {
        BenchmarkRequest unknown = request(BenchConfig.DEFAULT, true).toBuilder().setModelSha256("0".repeat(64)).build();
        assertThatThrownBy(() -> client.benchmark(unknown, RunListener.NONE))
                .isInstanceOf(DeviceException.class).hasMessageContaining("upload it first");
    }

    @Test
    void fourHundredMillionIterationsAreRefusedBeforeTheRunTakesAnyMemory() {
        BenchmarkRequest huge = request(BenchConfig.DEFAULT, true).toBuilder().setConfig(
                dev.lathe.engine.device.proto.BenchSettings.newBuilder().setIterations(400_000_000).setBatch(1)
                        .setThreads(1)).build();
        long asked = System.nanoTime();
        assertThatThrownBy(() -> client.benchmark(huge, RunListener.NONE))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("iterations must be from 1 to 10,000,000, got 400000000");
        assertThat(System.nanoTime() - asked).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    private static BenchmarkRequest request(BenchConfig config, boolean stream) {
        return BenchmarkRequest.newBuilder().setRunId(UUID.randomUUID().toString()).setModelSha256(cnnSha)
                .setFormat(ProtocolMessages.toProto(ModelFormat.ONNX)).setModelName("cnn.onnx")
                .setConfig(ProtocolMessages.toProto(config)).setStreamSamples(stream).build();
    }
}
