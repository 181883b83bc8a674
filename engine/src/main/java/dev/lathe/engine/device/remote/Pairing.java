package dev.lathe.engine.device.remote;

import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.proto.DeviceServiceGrpc;
import dev.lathe.engine.device.proto.PairReply;
import dev.lathe.engine.device.proto.PairRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Pairs this workbench with an agent once: the user types the token the agent printed; the agent's certificate
 * fingerprint is pinned from this first contact on (trust on first use). Show the returned fingerprint to the user
 * so they can compare it with the {@code certificate sha256:} line the agent printed.
 */
public final class Pairing {
    private static final long TIMEOUT_SECONDS = 15;

    private Pairing() {
    }

    /**
     * Returns what the caller must persist to reach the agent again ({@link PairedAgent}); the agent does not show
     * the secret twice. Fails with a clear message for a wrong token or an unreachable agent.
     */
    public static PairedAgent pair(String host, int port, String token, String clientName) throws DeviceException {
        PinnedTrustManager firstUse = new PinnedTrustManager(Optional.empty());
        ManagedChannel channel = AgentChannels.open(host, port, firstUse, Optional.empty());
        try {
            PairReply reply = DeviceServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .pair(PairRequest.newBuilder().setToken(token.strip()).setClientName(clientName).build());
            String fingerprint = firstUse.presented().orElseThrow(() -> new DeviceException(
                    "The agent at " + host + ":" + port + " answered without a TLS certificate; refusing to pair."));
            return new PairedAgent(host, port, fingerprint, reply.getClientId(), reply.getClientSecret());
        } catch (StatusRuntimeException e) {
            throw AgentChannels.translate(e, host + ":" + port, firstUse);
        } finally {
            channel.shutdownNow();
        }
    }
}
