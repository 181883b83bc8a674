package dev.lathe.engine.device.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.hardware.Bf16;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.hardware.Int8Path;
import dev.lathe.engine.hardware.RuntimeVersion;
import dev.lathe.engine.device.proto.DeviceDescription;
import org.junit.jupiter.api.Test;

class ProtocolMessagesTest {
    private static final DeviceDescription OLDER_AGENT = DeviceDescription.newBuilder().setId("agent-0123456789ab")
            .setName("pi4").setCpuModel("Cortex-A72").setCores(4).setMemoryBytes(4L << 30).setOs("Linux 6.6")
            .setArch("aarch64").setJvm("OpenJDK 17").addRuntimes(ProtocolMessages.runtime("ONNX Runtime", "1.23.2"))
            .setProtocolVersion("1.0").build();

    @Test
    void aBoardsFingerprintCarriesTheInt8PathItsAgentReports() {
        DeviceDescription pi5 = OLDER_AGENT.toBuilder().setInt8Path("neon-dotprod").setProtocolVersion("1.1").build();
        assertThat(ProtocolMessages.fingerprint(pi5).int8Path()).isEqualTo(Int8Path.NEON_DOTPROD);
    }

    @Test
    void anAgentOlderThanProtocol11SendsNoInt8PathWhichReadsAsOther() throws Exception {
        // What a 1.0 agent puts on the wire, read by this workbench.
        DeviceDescription received = DeviceDescription.parseFrom(OLDER_AGENT.toByteArray());
        assertThat(received.getInt8Path()).isEmpty();
        assertThat(ProtocolMessages.fingerprint(received).int8Path()).isEqualTo(Int8Path.OTHER);
        assertThat(ProtocolMessages.fingerprint(received).runtimes()).containsExactly(
                new RuntimeVersion("onnxruntime", "1.23.2"));
    }

    @Test
    void anAgentOlderThanProtocol13NamesItsRuntimesForPeopleWhichReadAsIdsAndSendsNoBf16() throws Exception {
        // What a 1.2 agent sent: PyTorch with a sentence where its version belongs.
        DeviceDescription sent = OLDER_AGENT.toBuilder().setProtocolVersion("1.2").setInt8Path("neon")
                .addRuntimes(ProtocolMessages.runtime("PyTorch", "starts with the first TorchScript model")).build();
        DeviceDescription received = DeviceDescription.parseFrom(sent.toByteArray());

        DeviceFingerprint board = ProtocolMessages.fingerprint(received);

        assertThat(board.runtimes()).containsExactly(new RuntimeVersion("onnxruntime", "1.23.2"),
                new RuntimeVersion("libtorch", ""));
        assertThat(board.bf16()).isEqualTo(Bf16.EMULATED);
    }

    @Test
    void anAgentOfProtocol13ReportsRuntimesByIdWithVersionsAndItsBf16() {
        DeviceDescription pi5 = OLDER_AGENT.toBuilder().clearRuntimes().setProtocolVersion("1.3")
                .addRuntimes(ProtocolMessages.runtime("onnxruntime", "1.23.2"))
                .addRuntimes(ProtocolMessages.runtime("executorch", "1.4.1")).setBf16("native").build();

        DeviceFingerprint board = ProtocolMessages.fingerprint(pi5);

        assertThat(board.runtimes()).containsExactly(new RuntimeVersion("onnxruntime", "1.23.2"),
                new RuntimeVersion("executorch", "1.4.1"));
        assertThat(board.bf16()).isEqualTo(Bf16.NATIVE);
        assertThat(ProtocolMessages.fingerprint(pi5.toBuilder().setBf16("sme2").build()).bf16())
                .as("a word a newer agent knows").isEqualTo(Bf16.EMULATED);
    }

    @Test
    void aPathANewerAgentKnowsAndThisWorkbenchDoesNotReadsAsOther() {
        DeviceDescription newer = OLDER_AGENT.toBuilder().setInt8Path("sve2-i8mm").setProtocolVersion("1.7").build();
        assertThat(ProtocolMessages.fingerprint(newer).int8Path()).isEqualTo(Int8Path.OTHER);
    }
}
