package dev.lathe.engine.variant;

import dev.lathe.engine.hardware.ByteSize;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.engine.store.StoredVariant;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the result of a recipe run reads, in one place so that {@code lathe optimize} and a demo's optimize step say
 * the same thing: each variant's size against the model it was made from, its top-1 with the data that scored it,
 * and the data it calibrated on.
 */
public final class MadeVariants {
    private MadeVariants() {
    }

    /** "cnn.int8-static.onnx  454 KiB (3.86x smaller than cnn.onnx)  top-1 93.43 % on t10k-images-idx3-ubyte.gz". */
    public static String figures(StoredVariant variant, ModelRecord before) {
        ModelRecord m = variant.model();
        return String.format(Locale.ROOT, "%s  %s (%s %s)%s", m.name(), ByteSize.of(m.fileBytes()),
                ByteSize.comparedWith(m.fileBytes(), before.fileBytes()), before.name(),
                variant.evaluation().map(e -> "  " + top1(e)).orElse(""));
    }

    /** "top-1 93.43 % on t10k-images-idx3-ubyte.gz". */
    public static String top1(StoredEvaluation evaluation) {
        return String.format(Locale.ROOT, "top-1 %.2f %% on %s", evaluation.result().top1() * 100,
                evaluation.datasetName());
    }

    /** "calibrated on t10k-images-idx3-ubyte.gz", when a step of the run calibrated on {@code calibration}. */
    public static Optional<String> calibratedOn(List<StoredVariant> variants, Optional<Path> calibration) {
        boolean calibrated = variants.stream().anyMatch(StoredVariant::calibrated);
        return calibrated ? calibration.map(p -> "calibrated on " + p.getFileName()) : Optional.empty();
    }
}
