package dev.lathe.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.files.Json;
import dev.lathe.engine.hardware.Bf16;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.hardware.Int8Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkResultTest {
    private static final DeviceFingerprint BOX = new DeviceFingerprint("agent-1", "box", "cpu", 2, 1L << 30, "Linux",
            "amd64", "17", List.of(), Int8Path.OTHER, Bf16.EMULATED);

    @Test
    void aRunStoredWithTheOldRuntimeSentenceReadsAsTheListOfRuntimes() throws Exception {
        BenchmarkResult stored = BenchmarkResult.ofSamplesSoFar(BenchConfig.DEFAULT, new long[] {1, 4}, BOX,
                new long[] {1_000_000, 2_000_000}, 1L);
        String json = Json.mapper().writeValueAsString(stored).replace("\"runtime\":\"no runtimes\"",
                "\"runtime\":\"ONNX Runtime 1.23.2, PyTorch starts with the first TorchScript model\"");

        BenchmarkResult read = Json.mapper().readValue(json, BenchmarkResult.class);

        assertThat(read.runtime()).isEqualTo("ONNX Runtime 1.23.2 · libtorch");
        assertThat(new BenchmarkResult(BenchConfig.DEFAULT, new long[0], stored.stats(), 1, 1, 1,
                "PyTorch 2.7.1 (DJL 0.36.0)", BOX, new long[0], 1L).runtime()).as("what ran, as it ran")
                .isEqualTo("PyTorch 2.7.1 (DJL 0.36.0)");
    }
}
