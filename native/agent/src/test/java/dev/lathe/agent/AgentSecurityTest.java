package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.proto.DescribeRequest;
import dev.lathe.engine.device.proto.PairRequest;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.ProtocolVersion;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who the agent lets in, and whom the workbench trusts: pairing, credentials, protocol versions, pinning. */
class AgentSecurityTest {
    @TempDir
    static Path data;
    static AgentProcess agent;
    static PairedAgent paired;

    @BeforeAll
    static void startAndPair() throws Exception {
        agent = AgentProcess.start(data);
        paired = Pairing.pair("127.0.0.1", agent.port, agent.token, "security test");
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
    }

    @Test
    void aWrongTokenDoesNotPair() {
        assertThatThrownBy(() -> Pairing.pair("127.0.0.1", agent.port, "AAAA-BBBB-CCCC", "intruder"))
                .isInstanceOf(DeviceException.class).hasMessageContaining("wrong pairing token");
    }

    @Test
    void theTokenIsAcceptedAsTypedInLowerCaseAndKeptAcrossPairings() throws Exception {
        PairedAgent second = Pairing.pair("127.0.0.1", agent.port, agent.token.toLowerCase(), "second workbench");
        assertThat(second.clientId()).isNotEqualTo(paired.clientId());
        try (AgentClient client = AgentClient.connect(second)) {
            assertThat(client.describe().getCores()).isPositive();
        }
    }

    @Test
    void aCallWithoutPairingIsRefusedSayingToPair() throws Exception {
        assertRefused(null, Status.Code.UNAUTHENTICATED, "not paired");
    }

    @Test
    void aCallWithAnUnknownOrForgedCredentialIsRefused() throws Exception {
        assertRefused("Bearer " + paired.clientId() + ".not-the-secret", Status.Code.UNAUTHENTICATED, "pair again");
        assertRefused("Bearer someone.else", Status.Code.UNAUTHENTICATED, "pair again");
        assertRefused("Basic dXNlcjpwYXNz", Status.Code.UNAUTHENTICATED, "pair again");
    }

    @Test
    void bytesThatAreNoRequestMessageAreRefusedAsInvalidArgumentSayingSo() throws Exception {
        // Found by DeviceServiceFuzzTest: gRPC alone answered UNKNOWN and printed a stack trace on the agent's stderr.
        var method = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(dev.lathe.engine.device.proto.DeviceServiceGrpc.getBlobStatusMethod().getFullMethodName())
                .setRequestMarshaller(DeviceServiceFuzzTest.Bytes.MARSHALLER)
                .setResponseMarshaller(DeviceServiceFuzzTest.Bytes.MARSHALLER)
                .build();
        ManagedChannel channel = RawChannels.open(agent.port, ProtocolVersion.CURRENT,
                "Bearer " + paired.clientId() + "." + paired.clientSecret());
        try {
            assertThatThrownBy(() -> io.grpc.stub.ClientCalls.blockingUnaryCall(channel, method,
                    io.grpc.CallOptions.DEFAULT, new byte[] {0, 0x19, 0x19, 0x19, 0x39}))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).isEqualTo("the request is not a valid "
                                + "BlobStatusRequest message of the Lathe device protocol: update the workbench, or "
                                + "report this to Lathe");
                    });
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aClientOfAnotherMajorVersionIsRefusedNamingBothVersions() throws Exception {
        ManagedChannel channel = RawChannels.open(agent.port, "2.0", null);
        try {
            assertThatThrownBy(() -> RawChannels.blocking(channel).pair(PairRequest.newBuilder().setToken(agent.token)
                    .build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                        assertThat(e.getStatus().getDescription())
                                .contains("2.0", ProtocolVersion.CURRENT, "update the agent");
                    });
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aNewerMinorVersionIsAccepted() throws Exception {
        ManagedChannel channel = RawChannels.open(agent.port, "1.7", null);
        try {
            assertThat(RawChannels.blocking(channel).pair(PairRequest.newBuilder().setToken(agent.token).build())
                    .getClientSecret()).isNotBlank();
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aWorkbenchPinnedToAnotherCertificateRefusesTheAgent() throws Exception {
        String other = "AB:".repeat(31) + "AB";
        PairedAgent impostor = new PairedAgent("127.0.0.1", agent.port, other, paired.clientId(), paired.clientSecret());
        try (AgentClient client = AgentClient.connect(impostor)) {
            assertThatThrownBy(client::describe).isInstanceOf(DeviceException.class)
                    .hasMessageContaining("certificate changed").hasMessageContaining(agent.fingerprint);
        }
    }

    @Test
    void theKeyTokenAndPairingsAreReadableByTheAgentsUserOnly() throws Exception {
        for (String secret : new String[] {"agent-key.pem", "pairing-token", "paired-clients.properties"}) {
            assertThat(Files.getPosixFilePermissions(data.resolve(secret)))
                    .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        }
        assertThat(Files.readString(data.resolve("paired-clients.properties"))).doesNotContain(paired.clientSecret());
    }

    private static void assertRefused(String authorization, Status.Code code, String message) throws Exception {
        ManagedChannel channel = RawChannels.open(agent.port, "1.0", authorization);
        try {
            assertThatThrownBy(() -> RawChannels.blocking(channel).describe(DescribeRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(code);
                        assertThat(e.getStatus().getDescription()).contains(message);
                    });
        } finally {
            channel.shutdownNow();
        }
    }
}
