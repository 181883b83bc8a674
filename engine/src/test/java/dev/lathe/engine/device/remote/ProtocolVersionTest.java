package dev.lathe.engine.device.remote;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolVersionTest {
    @Test
    void sameMajorIsAcceptedWhateverTheMinor() {
        assertThat(ProtocolVersion.refusal("1.0")).isEmpty();
        assertThat(ProtocolVersion.refusal("1.9")).isEmpty();
    }

    @Test
    void anotherMajorOrNoVersionIsRefusedSayingWhichSideToUpdate() {
        assertThat(ProtocolVersion.refusal("2.0")).get().asString()
                .contains("2.0", ProtocolVersion.CURRENT, "update the agent");
        assertThat(ProtocolVersion.refusal("0.3")).get().asString()
                .contains("0.3", ProtocolVersion.CURRENT, "update the workbench");
        assertThat(ProtocolVersion.refusal(null)).get().asString().contains("no lathe-protocol header");
    }

    @Test
    void fingerprintsCompareHoweverTheUserTypedThem() {
        String printed = "AB:".repeat(31) + "CD";
        assertThat(CertificateFingerprint.normalize(printed.replace(":", "").toLowerCase())).isEqualTo(printed);
    }
}
