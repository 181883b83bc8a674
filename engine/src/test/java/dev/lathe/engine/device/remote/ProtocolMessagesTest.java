package dev.lathe.engine.device.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.hardware.Int8Path;
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
        assertThat(ProtocolMessages.fingerprint(received).runtime()).isEqualTo("ONNX Runtime 1.23.2");
    }

    @Test
    void aPathANewerAgentKnowsAndThisWorkbenchDoesNotReadsAsOther() {
        DeviceDescription newer = OLDER_AGENT.toBuilder().setInt8Path("sve2-i8mm").setProtocolVersion("1.7").build();
        assertThat(ProtocolMessages.fingerprint(newer).int8Path()).isEqualTo(Int8Path.OTHER);
    }
}
