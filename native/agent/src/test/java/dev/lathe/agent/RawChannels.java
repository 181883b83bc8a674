package dev.lathe.agent;

import dev.lathe.engine.device.proto.DeviceServiceGrpc;
import dev.lathe.engine.device.remote.ProtocolVersion;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.grpc.stub.MetadataUtils;
import javax.net.ssl.SSLException;

/**
 * Channels a misbehaving client would open: any protocol header, any credential or none. They trust any
 * certificate, because these tests are about what the agent accepts, not about pinning.
 */
final class RawChannels {
    private RawChannels() {
    }

    static ManagedChannel open(int port, String protocol, String authorization) throws SSLException {
        Metadata headers = new Metadata();
        if (protocol != null) {
            headers.put(ProtocolVersion.HEADER, protocol);
        }
        if (authorization != null) {
            headers.put(ProtocolVersion.AUTHORIZATION, authorization);
        }
        return NettyChannelBuilder.forAddress("127.0.0.1", port)
                .sslContext(GrpcSslContexts.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build())
                .overrideAuthority("lathe-agent")
                .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
                .build();
    }

    static DeviceServiceGrpc.DeviceServiceBlockingStub blocking(ManagedChannel channel) {
        return DeviceServiceGrpc.newBlockingStub(channel);
    }
}
