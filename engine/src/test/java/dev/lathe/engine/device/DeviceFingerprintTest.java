package dev.lathe.engine.device;

import dev.lathe.engine.hardware.Bf16;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.hardware.Int8Path;
import dev.lathe.engine.hardware.RuntimeVersion;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.files.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceFingerprintTest {
    private static final DeviceFingerprint PI = new DeviceFingerprint("agent-0123456789ab", "pi5", "Cortex-A76", 4,
            8L << 30, "Linux 6.6", "aarch64", "OpenJDK 17", List.of(new RuntimeVersion("onnxruntime", "1.23.2"),
            new RuntimeVersion("libtorch", "2.7.1")), Int8Path.NEON_DOTPROD, Bf16.EMULATED);

    @Test
    void itsDescriptionNamesTheInt8PathBf16AndEachRuntimeWithItsVersion() {
        assertThat(PI.describe()).isEqualTo("Cortex-A76, 4 cores, 8.00 GiB, Linux 6.6 aarch64, int8 NEON dot-product, "
                + "bf16 emulated, OpenJDK 17, ONNX Runtime 1.23.2 · libtorch 2.7.1");
    }

    @Test
    void itsJsonCarriesTheInt8PathBf16AndRuntimesByIdAndReadsBack() throws Exception {
        String json = Json.mapper().writeValueAsString(PI);
        assertThat(json).contains("\"int8Path\":\"neon-dotprod\"").contains("\"bf16\":\"emulated\"")
                .contains("\"runtimes\":[{\"name\":\"onnxruntime\",\"version\":\"1.23.2\"},"
                        + "{\"name\":\"libtorch\",\"version\":\"2.7.1\"}]")
                .doesNotContain("\"runtime\":");
        assertThat(Json.mapper().readValue(json, DeviceFingerprint.class)).isEqualTo(PI);
        assertThat(Json.mapper().readValue(json.replace("neon-dotprod", "sme2"), DeviceFingerprint.class).int8Path())
                .as("a path this Lathe does not know").isEqualTo(Int8Path.OTHER);
    }

    @Test
    void aFingerprintStoredBeforeDevicesListedRuntimesReadsItsRuntimeLineAsIdsAndBf16AsEmulated() throws Exception {
        String stored = "{\"id\":\"agent-1\",\"name\":\"pi4\",\"cpuModel\":\"Cortex-A72\",\"cores\":4,"
                + "\"memoryBytes\":4294967296,\"os\":\"Linux 6.6\",\"arch\":\"aarch64\",\"jvm\":\"OpenJDK 17\","
                + "\"runtime\":\"ONNX Runtime 1.23.2, PyTorch starts with the first TorchScript model\","
                + "\"int8Path\":\"neon\"}";

        DeviceFingerprint read = Json.mapper().readValue(stored, DeviceFingerprint.class);

        assertThat(read.runtimes()).containsExactly(new RuntimeVersion("onnxruntime", "1.23.2"),
                new RuntimeVersion("libtorch", ""));
        assertThat(read.runtimesLabel()).isEqualTo("ONNX Runtime 1.23.2 · libtorch")
                .as("no sentence where a version belongs").doesNotContain("starts with");
        assertThat(read.bf16()).isEqualTo(Bf16.EMULATED);
        assertThat(read.int8Path()).isEqualTo(Int8Path.NEON);
    }

    @Test
    void theRuntimesOfThisComputersOlderFingerprintsReadToo() {
        assertThat(RuntimeVersion.ofLine("ONNX Runtime 1.23.2")).containsExactly(
                new RuntimeVersion("onnxruntime", "1.23.2"));
        assertThat(RuntimeVersion.ofLine("ONNX Runtime 1.23.2, PyTorch 2.5.1")).containsExactly(
                new RuntimeVersion("onnxruntime", "1.23.2"), new RuntimeVersion("libtorch", "2.5.1"));
        assertThat(RuntimeVersion.ofLine("none")).isEmpty();
        assertThat(RuntimeVersion.ofLine("tflite 2.16")).as("a name Lathe does not know, kept as it came")
                .containsExactly(new RuntimeVersion("tflite", "2.16"));
    }

    @Test
    void eachKnownRuntimeHasOneNameForPeople() {
        assertThat(new RuntimeVersion("onnxruntime", "1.23.2").label()).isEqualTo("ONNX Runtime 1.23.2");
        assertThat(new RuntimeVersion("libtorch", "2.7.1").label()).isEqualTo("libtorch 2.7.1");
        assertThat(new RuntimeVersion("executorch", "1.4.1").label()).isEqualTo("ExecuTorch 1.4.1");
        assertThat(new RuntimeVersion("tvm", "0.19").label()).isEqualTo("tvm 0.19");
    }
}
