package dev.lathe.engine.export.pte;

import dev.lathe.engine.Samples;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.quantize.HalfPrecision;
import dev.lathe.engine.quantize.QuantizeSpec;
import dev.lathe.engine.quantize.Quantizer;
import dev.lathe.engine.task.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The sample CNN's dynamic int8 variant ({@code quantize: {mode: dynamic}} with the recipe's defaults: per-channel
 * weights, reduce range auto) and its fp16 variant ({@code convert: {precision: fp16}}), as {@code lathe optimize}
 * makes them; each made once per test run and kept in a temp folder. The static int8 variant is {@link Int8Cnn}.
 */
final class CnnVariants {
    private static Path dynamic;
    private static Path fp16;

    private CnnVariants() {
    }

    static synchronized Path dynamicInt8() throws Exception {
        if (dynamic == null) {
            QuantizeSpec spec = new QuantizeSpec(QuantizeSpec.Mode.DYNAMIC, true, false, QuantizeSpec.ReduceRange.AUTO,
                    QuantizeSpec.Calibration.DEFAULT, List.of(), Optional.empty());
            dynamic = write("cnn-int8-dynamic.onnx", new Quantizer(Samples.runtimes())
                    .quantize(OnnxModel.read(Samples.cnn()), spec, Optional.empty(), Progress.NONE).model());
        }
        return dynamic;
    }

    static synchronized Path fp16() throws Exception {
        if (fp16 == null) {
            fp16 = write("cnn-fp16.onnx", new HalfPrecision(Samples.runtimes())
                    .convert(OnnxModel.read(Samples.cnn()), HalfPrecision.Precision.FP16).model());
        }
        return fp16;
    }

    private static Path write(String name, OnnxModel model) throws Exception {
        Path dir = Files.createTempDirectory("cnn-variant");
        dir.toFile().deleteOnExit();
        Path file = dir.resolve(name);
        model.write(file);
        file.toFile().deleteOnExit();
        return file;
    }
}
