package dev.lathe.engine.device.remote;

import dev.lathe.engine.device.DeviceException;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.MetadataUtils;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/** Opens TLS channels to an agent and turns the protocol's failures into messages a user can act on. */
final class AgentChannels {
    /** The name in the agent's certificate; the address dialled may be any IP or host name of the board. */
    static final String AUTHORITY = "lathe-agent";
    private static final int MAX_MESSAGE_BYTES = 16 << 20;
    /**
     * A link that goes silent (cable pulled, Wi-Fi gone) shows no error for many minutes over TCP alone: during a
     * call, a ping after this long without a byte from the agent, unanswered for {@link #KEEPALIVE_TIMEOUT_SECONDS},
     * closes the connection so the call fails and can be resumed. The agent permits pings this often.
     */
    static final long KEEPALIVE_SECONDS = 15;
    static final long KEEPALIVE_TIMEOUT_SECONDS = 20;

    private AgentChannels() {
    }

    static ManagedChannel open(String host, int port, PinnedTrustManager trust, Optional<String> bearer)
            throws DeviceException {
        SslContext ssl;
        try {
            ssl = GrpcSslContexts.forClient().trustManager(trust).build();
        } catch (SSLException e) {
            throw new DeviceException("cannot set up TLS to reach " + host + ":" + port + ": " + e.getMessage(), e);
        }
        Metadata headers = new Metadata();
        headers.put(ProtocolVersion.HEADER, ProtocolVersion.CURRENT);
        bearer.ifPresent(b -> headers.put(ProtocolVersion.AUTHORIZATION, b));
        return NettyChannelBuilder.forAddress(host, port)
                .sslContext(ssl)
                .overrideAuthority(AUTHORITY)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
                .build();
    }

    static DeviceException translate(StatusRuntimeException e, String address, PinnedTrustManager trust) {
        Status status = e.getStatus();
        String said = status.getDescription() == null ? status.getCode().toString() : status.getDescription();
        if (trust.mismatched()) {
            return new DeviceException("The agent at " + address + " presents certificate sha256 "
                    + trust.presented().orElseThrow() + ", not the one this workbench paired with: certificate changed. "
                    + "If the agent was reinstalled or its data folder deleted, pair again with its new token; "
                    + "otherwise something else is answering at that address, so do not send it models.", e);
        }
        switch (status.getCode()) {
            case UNAVAILABLE:
                // gRPC's own words ("io exception", "Connection refused") stay in the cause, for the log.
                return new DeviceException("Nothing answered at " + address + ". Start the Lathe agent on the board "
                        + "(native/agent/lathe-agent), then check that this is the address and port it printed.", e);
            case DEADLINE_EXCEEDED:
                return new DeviceException("The Lathe agent at " + address + " did not answer in time; check that "
                        + "the board is not overloaded and the network is up.", e);
            default:
                return new DeviceException("The Lathe agent at " + address + " refused: " + said, e);
        }
    }
}
