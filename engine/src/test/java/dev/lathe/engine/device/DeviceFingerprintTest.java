package dev.lathe.engine.device;

import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.hardware.Int8Path;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.files.Json;
import org.junit.jupiter.api.Test;

class DeviceFingerprintTest {
    private static final DeviceFingerprint PI = new DeviceFingerprint("agent-0123456789ab", "pi5", "Cortex-A76", 4,
            8L << 30, "Linux 6.6", "aarch64", "OpenJDK 17", "ONNX Runtime 1.23.2", Int8Path.NEON_DOTPROD);

    @Test
    void itsDescriptionNamesTheInt8Path() {
        assertThat(PI.describe()).isEqualTo("Cortex-A76, 4 cores, 8192 MiB, Linux 6.6 aarch64, int8 NEON dot-product, "
                + "OpenJDK 17, ONNX Runtime 1.23.2");
    }

    @Test
    void itsJsonCarriesTheInt8PathByIdAndReadsBack() throws Exception {
        String json = Json.mapper().writeValueAsString(PI);
        assertThat(json).contains("\"int8Path\":\"neon-dotprod\"");
        assertThat(Json.mapper().readValue(json, DeviceFingerprint.class)).isEqualTo(PI);
        assertThat(Json.mapper().readValue(json.replace("neon-dotprod", "sme2"), DeviceFingerprint.class).int8Path())
                .as("a path this Lathe does not know").isEqualTo(Int8Path.OTHER);
    }
}
