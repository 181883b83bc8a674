package dev.lathe.engine.report;

import dev.lathe.engine.Samples;
import dev.lathe.engine.Workbench;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.SampleListener;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.recipe.RecipeParser;
import dev.lathe.engine.store.ExperimentStore;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredVariant;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.variant.OptimizeRequest;
import dev.lathe.engine.variant.QuantizeSteps;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A family measured for real, kept small: the sample CNN and a static int8 variant calibrated on 32 images, each
 * evaluated on 200 test images and benchmarked for 60 runs on this computer.
 */
public final class ReportSamples {
    public static final int IMAGES = 200;
    public static final BenchConfig QUICK = new BenchConfig(3, 60, 0, 1, 1, Optional.empty());

    private ReportSamples() {
    }

    /** A measured family in a store under {@code dir}. */
    public record Family(Workbench workbench, ModelRecord root, StoredVariant variant) {
    }

    public static Workbench workbench(Path storeFile, Optional<PdfRenderer> pdf) throws Exception {
        Workbench.Builder b = Workbench.builder().store(ExperimentStore.open(storeFile)).runtimes(Samples.runtimes())
                .torchScript((file, sha, bytes) -> {
                    throw new ModelFormatException(file, "TorchScript is not wired in this test");
                })
                .cacheDir(Samples.cacheDir()).quantizeSteps(new QuantizeSteps(Samples.runtimes()));
        pdf.ifPresent(b::reportPdf);
        return b.build();
    }

    public static Family measured(Path dir, Optional<PdfRenderer> pdf) throws Exception {
        Workbench workbench = workbench(dir.resolve("lathe.db"), pdf);
        ModelRecord cnn = workbench.open(Samples.cnn());
        List<StoredVariant> made = workbench.optimize(cnn, OptimizeRequest.of(new RecipeParser().parse("int8.yaml",
                "lathe: 1\nname: int8\nsteps:\n  - quantize: { mode: static, calibration: { samples: 32 } }\n"))
                .withCalibration(Samples.testImages()), Progress.NONE);
        StoredVariant variant = made.get(0);
        for (ModelRecord m : List.of(cnn, variant.model())) {
            workbench.evaluate(m, EvalRequest.of(Samples.testImages()).withLimit(IMAGES), Progress.NONE);
            workbench.benchmark(m, QUICK, SampleListener.NONE, Progress.NONE);
        }
        return new Family(workbench, cnn, workbench.variant(variant.model()).orElseThrow());
    }
}
