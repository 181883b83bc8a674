package dev.lathe.engine.device;

import dev.lathe.engine.model.ModelHandle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.data.PreprocessingOverrides;
import dev.lathe.engine.data.RawSample;
import dev.lathe.engine.eval.EvaluationResult;
import dev.lathe.engine.model.ModelFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12: a CSV of 784 pixel columns for the 1×28×28 sample CNN ended in ONNX Runtime's rank error. */
class CsvEvaluationTest {
    private static final int EXAMPLES = 64;

    @TempDir
    Path tmp;

    @Test
    void aCsvOfPixelRowsScoresAsTheSameImagesInIdx() throws Exception {
        Dataset idx = Datasets.open(Samples.testImages());
        StringBuilder csv = new StringBuilder("label");
        for (int i = 0; i < 784; i++) {
            csv.append(",pixel").append(i);
        }
        csv.append('\n');
        for (int n = 0; n < EXAMPLES; n++) {
            csv.append(idx.label(n));
            for (byte b : ((RawSample.Image) idx.sample(n)).pixels()) {
                csv.append(',').append(b & 0xff);
            }
            csv.append('\n');
        }
        Path file = tmp.resolve("fashion.csv");
        Files.writeString(file, csv);

        LocalDevice device = new LocalDevice(Samples.runtimes());
        ModelHandle cnn = new ModelHandle(Samples.cnn(), ModelFormat.ONNX, Optional.empty());
        PreprocessingOverrides pixels = new PreprocessingOverrides(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(1.0 / 255), false);
        EvaluationResult fromCsv = device.evaluate(cnn, Datasets.open(file),
                new EvalRequest(file, Optional.empty(), pixels, EXAMPLES), Progress.NONE);
        EvaluationResult fromIdx = device.evaluate(cnn, idx, EvalRequest.of(Samples.testImages()).withLimit(EXAMPLES),
                Progress.NONE);

        assertThat(fromCsv.samples()).isEqualTo(EXAMPLES);
        assertThat(fromCsv.top1()).isEqualTo(fromIdx.top1());
        assertThat(fromCsv.preprocessing()).startsWith("NCHW 1×28×28");
    }
}
