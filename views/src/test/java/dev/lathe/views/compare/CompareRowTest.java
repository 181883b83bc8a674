package dev.lathe.views.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.device.DeviceFingerprint;
import dev.lathe.engine.device.Int8Path;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredBenchmark;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompareRowTest {
    private static final DeviceFingerprint HERE = device("this-computer");
    private static final DeviceFingerprint BOARD = device("raspberry-pi");

    @Test
    void aSpeedupComparesRunsOnTheSameDeviceOnly() {
        CompareRow parent = row(true, HERE, 1_000_000);
        CompareRow sameDevice = row(false, HERE, 250_000);
        CompareRow onABoard = row(false, BOARD, 250_000);

        assertThat(sameDevice.speedup(parent, HERE.id())).hasValueSatisfying(s -> assertThat(s).isEqualTo(4.0));
        assertThat(onABoard.speedup(parent, BOARD.id())).as("the parent never ran on the board").isEmpty();
        assertThat(onABoard.speedup(parent, HERE.id())).isEmpty();
    }

    private static CompareRow row(boolean isParent, DeviceFingerprint device, long nanos) {
        long[] samples = {nanos, nanos, nanos};
        BenchmarkResult result = new BenchmarkResult(BenchConfig.DEFAULT, new long[] {1, 1, 28, 28},
                LatencyStats.of(samples), 1e9 / nanos, 10, 0, "ONNX Runtime", device, samples, 0);
        return new CompareRow((ModelRecord) null, isParent, Optional.empty(), Map.of(),
                Map.of(device.id(), new StoredBenchmark(1, "sha", result, Instant.EPOCH)), Optional.empty());
    }

    private static DeviceFingerprint device(String id) {
        return new DeviceFingerprint(id, id, "cpu", 4, 1L << 30, "Linux", "aarch64", "17", "ONNX Runtime 1.23.2",
                Int8Path.NEON_DOTPROD);
    }
}
