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
    void anAgentKnowsWhatItsMinorAndEarlierOnesAdded() {
        assertThat(ProtocolVersion.knows(ProtocolVersion.CURRENT, ProtocolVersion.MODEL_DATA_MINOR)).isTrue();
        assertThat(ProtocolVersion.knows("1.7", 2)).isTrue();
        assertThat(ProtocolVersion.knows("1.1", 2)).isFalse();
        assertThat(ProtocolVersion.knows("2.5", 2)).isFalse();
        assertThat(ProtocolVersion.knows("", 2)).isFalse();
        assertThat(ProtocolVersion.knows("garbage", 0)).isFalse();
    }

    @Test
    void fingerprintsCompareHoweverTheUserTypedThem() {
        String printed = "AB:".repeat(31) + "CD";
        assertThat(CertificateFingerprint.normalize(printed.replace(":", "").toLowerCase())).isEqualTo(printed);
    }
}
