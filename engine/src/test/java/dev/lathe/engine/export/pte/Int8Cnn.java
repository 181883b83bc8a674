package dev.lathe.engine.export.pte;

import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.quantize.CalibrationData;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.quantize.Quantizer;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.task.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sample CNN's static int8 variant as {@code lathe optimize} makes it (per-channel weights, reduce range auto,
 * default calibration) from the first 300 test images; made once per test run and kept in a temp folder.
 */
final class Int8Cnn {
    private static final int CALIBRATION_IMAGES = 300;
    private static Path file;

    private Int8Cnn() {
    }

    static synchronized Path file() throws Exception {
        if (file == null) {
            float[] images = FashionImages.first(CALIBRATION_IMAGES);
            List<FloatTensor> batches = new ArrayList<>();
            for (int from = 0; from < CALIBRATION_IMAGES; from += 32) {
                int size = Math.min(32, CALIBRATION_IMAGES - from);
                float[] batch = new float[size * 784];
                System.arraycopy(images, from * 784, batch, 0, batch.length);
                batches.add(new FloatTensor(batch, new long[] {size, 1, 28, 28}));
            }
            QuantizeSpec spec = new QuantizeSpec(QuantizeSpec.Mode.STATIC, true, false, QuantizeSpec.ReduceRange.AUTO,
                    QuantizeSpec.Calibration.DEFAULT, List.of(), Optional.empty());
            OnnxModel q = new Quantizer(Samples.runtimes()).quantize(OnnxModel.read(Samples.cnn()), spec,
                    Optional.of(new CalibrationData(batches, "fashion-mnist-t10k-first-300")), Progress.NONE).model();
            Path dir = Files.createTempDirectory("int8-cnn");
            dir.toFile().deleteOnExit();
            file = dir.resolve("cnn-int8.onnx");
            q.write(file);
            file.toFile().deleteOnExit();
        }
        return file;
    }
}
