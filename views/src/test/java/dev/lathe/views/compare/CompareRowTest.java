package dev.lathe.views.compare;

import dev.lathe.engine.hardware.RuntimeVersion;
import dev.lathe.engine.hardware.Bf16;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.bench.LatencyStats;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.hardware.Int8Path;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.store.StoredBenchmark;
import dev.lathe.engine.store.StoredEvaluation;
import java.util.List;
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

    @Test
    void topOneIsPerDeviceAndAGapPastTheLimitAgainstThisComputerIsFlagged() {
        StoredEvaluation here = evaluation(HERE, 10_000, 0.9338);
        StoredEvaluation board = evaluation(BOARD, 10_000, 0.9163);
        StoredEvaluation fewer = evaluation(device("jetson"), 500, 0.80);
        CompareRow row = new CompareRow((ModelRecord) null, false, Optional.of(here),
                Map.of(HERE.id(), here, BOARD.id(), board, "jetson", fewer), Map.of(), Optional.empty());

        assertThat(row.top1(BOARD.id())).contains(0.9163);
        assertThat(row.top1("nowhere")).isEmpty();
        assertThat(row.accuracyFlags(HERE.id())).as("the jetson ran other examples").singleElement()
                .satisfies(gap -> assertThat(gap.there().device()).isEqualTo(BOARD));
        assertThat(row.accuracyFlags(BOARD.id())).as("against the board, this computer is the gap")
                .singleElement().satisfies(gap -> assertThat(gap.points()).isPositive());
    }

    private static StoredEvaluation evaluation(DeviceFingerprint device, int samples, double top1) {
        EvaluationResult result = new EvaluationResult(samples, top1, Optional.empty(), List.of(), List.of(),
                new int[0][0], "scale 1/255", "ONNX Runtime", 10);
        return new StoredEvaluation(1, "sha", device, "t10k", "/t10k", "data-sha", result, Instant.EPOCH);
    }

    private static CompareRow row(boolean isParent, DeviceFingerprint device, long nanos) {
        long[] samples = {nanos, nanos, nanos};
        BenchmarkResult result = new BenchmarkResult(BenchConfig.DEFAULT, new long[] {1, 1, 28, 28},
                LatencyStats.of(samples), 1e9 / nanos, 10, 0, "ONNX Runtime", device, samples, 0);
        return new CompareRow((ModelRecord) null, isParent, Optional.empty(), Map.of(),
                Map.of(device.id(), new StoredBenchmark(1, "sha", result, Instant.EPOCH)), Optional.empty());
    }

    private static DeviceFingerprint device(String id) {
        return new DeviceFingerprint(id, id, "cpu", 4, 1L << 30, "Linux", "aarch64", "17",
                List.of(new RuntimeVersion("onnxruntime", "1.23.2")), Int8Path.NEON_DOTPROD, Bf16.EMULATED);
    }
}
