package dev.lathe.agent;

import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.HostProbe;
import dev.lathe.engine.device.HostTelemetry;
import dev.lathe.engine.device.proto.DeviceDescription;
import dev.lathe.engine.device.remote.ProtocolMessages;
import dev.lathe.engine.fidelity.ReferenceFidelity;
import dev.lathe.engine.device.remote.ProtocolVersion;
import dev.lathe.engine.runtime.Runtimes;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The agent's gRPC server: TLS with its own certificate, the auth check in front of every call, one device. */
final class AgentServer implements AutoCloseable {
    /** Chunks are 256 KiB by default; anything much larger than this is not a message this protocol sends. */
    private static final int MAX_INBOUND_BYTES = 4 << 20;

    private final Server server;
    private final ExecutorService runs;
    private final ScheduledExecutorService sender;
    private final ScheduledExecutorService janitor;

    private AgentServer(Server server, ExecutorService runs, ScheduledExecutorService sender,
                        ScheduledExecutorService janitor) {
        this.server = server;
        this.runs = runs;
        this.sender = sender;
        this.janitor = janitor;
    }

    static AgentServer start(InetSocketAddress address, AgentIdentity identity, PairingStore pairing, BlobStore blobs,
                             ModelFolders models, DatasetFolders datasets, Device device, Runtimes runtimes)
            throws IOException {
        ExecutorService runs = Executors.newCachedThreadPool(named("lathe-run"));
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(named("lathe-sender"));
        // Its own thread, so housekeeping never delays a sample message.
        ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(named("lathe-janitor"));
        new StalePartSweep(blobs, BlobStore.PART_LIFETIME, Clock.systemUTC()).start(janitor, StalePartSweep.PERIOD);
        HostTelemetry telemetry = new HostTelemetry();
        DeviceDescription description = describe(device, identity, telemetry);
        PairingGate gate = new PairingGate(pairing, new PairingThrottle(Clock.systemUTC()));
        DeviceService service = new DeviceService(gate, blobs, models, datasets, device,
                new ReferenceFidelity(runtimes), () -> description, telemetry, runs, sender);
        Server server = NettyServerBuilder.forAddress(address)
                .sslContext(GrpcSslContexts.forServer(identity.certificateFile().toFile(), identity.keyFile().toFile())
                        .build())
                .maxInboundMessageSize(MAX_INBOUND_BYTES)
                // Workbenches ping every 15 s of silence during a call to notice a dead link; allow it. The agent
                // pings a silent workbench too, so a cut upload lets go of its file and the resumed one may write.
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveTime(20, TimeUnit.SECONDS)
                .keepAliveTimeout(20, TimeUnit.SECONDS)
                // The auth check first, so a request is only looked at once its client may send it.
                .addService(ServerInterceptors.intercept(WellFormedRequests.guard(service.bindService()),
                        new AuthInterceptor(pairing)))
                .build()
                .start();
        return new AgentServer(server, runs, sender, janitor);
    }

    int port() {
        return server.getPort();
    }

    void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        runs.shutdownNow();
        sender.shutdownNow();
        janitor.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    /**
     * Read once at start: a board's hardware does not change while the agent runs, nor do its runtimes, which are
     * the ones its registry holds (libtorch only where its natives are).
     */
    private static DeviceDescription describe(Device device, AgentIdentity identity, HostTelemetry telemetry) {
        var local = device.describe();
        String name = HostProbe.hostName();
        return DeviceDescription.newBuilder()
                .setId("agent-" + identity.fingerprint().replace(":", "").substring(0, 12).toLowerCase(Locale.ROOT))
                .setName(name)
                .setCpuModel(local.cpuModel())
                .setCores(local.cores())
                .setMemoryBytes(local.memoryBytes())
                .setOs(local.os())
                .setArch(local.arch())
                .setJvm(local.jvm())
                .setInt8Path(local.int8Path().id())
                .setBf16(local.bf16().id())
                .addAllRuntimes(local.runtimes().stream().map(ProtocolMessages::toProto).toList())
                .addAllThermalSensors(telemetry.thermalSensors())
                .setProtocolVersion(ProtocolVersion.CURRENT)
                .setAgentVersion(AgentMain.version())
                .build();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
