package dev.lathe.samples;

import ai.djl.Model;
import ai.djl.engine.Engine;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Regenerates {@code sample-models/fashion-mnist/}: trains {@link FashionCnn} on Fashion-MNIST, exports it to
 * {@code cnn.onnx}, proves the file in ONNX Runtime (accuracy and agreement with DJL), copies the test set next to it
 * and writes the README. Exits 1 if the file misses the accuracy bar or disagrees with DJL, 2 on a bad command line.
 */
public final class FashionMnistCnnGenerator {
    static final String ENGINE = "PyTorch";
    static final int AGREEMENT_IMAGES = 32;
    static final List<String> TEST_FILES = List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    private FashionMnistCnnGenerator() {
    }

    public static void main(String[] args) throws Exception {
        GeneratorOptions options;
        try {
            options = GeneratorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // DJL reads these once, when its engine first loads: they must be set before any DJL class is touched.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(options.threads()));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        List<String> failures = run(options);
        failures.forEach(f -> System.err.println("FAILED: " + f));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /** Runs every step and returns what failed verification (empty when the sample is good). */
    static List<String> run(GeneratorOptions options) throws Exception {
        long start = System.nanoTime();
        FashionMnist train = FashionMnist.load(options.dataDir(), "train");
        FashionMnist test = FashionMnist.load(options.dataDir(), "t10k");
        print("Read %d training and %d test images from %s in %.1f s", train.count(), test.count(),
                options.dataDir(), (System.nanoTime() - start) / 1e9);
        Engine engine = Engine.getEngine(ENGINE);
        engine.setRandomSeed(options.seed());
        String engineName = ENGINE + " " + engine.getVersion() + " via DJL " + Engine.getDjlVersion();
        FashionCnn cnn = FashionCnn.standard();
        Path onnx = options.outDir().resolve("cnn.onnx");
        try (Model model = Model.newInstance("fashion-mnist-cnn", ENGINE)) {
            model.setBlock(cnn.block());
            print("Training on %s, %d threads: %s", engineName, options.threads(), options.training());
            List<CnnTrainer.EpochResult> epochs = new ArrayList<>();
            long trainStart = System.nanoTime();
            CnnTrainer.train(model, train, test, options.training(), epoch -> {
                epochs.add(epoch);
                printEpoch(epoch, options.training().epochs());
            });
            Duration trainingTime = Duration.ofNanos(System.nanoTime() - trainStart);

            CnnOnnxExporter.export(cnn, describe(options, train, engineName), onnx);
            Verification verification = Verification.of(model, onnx, test, AGREEMENT_IMAGES, options.threads());
            GenerationReport report = new GenerationReport(options, engineName, train.count(), test.count(),
                    epochs, trainingTime, cnn.describeLayers(), cnn.multiplyAdds(), verification, OnnxFileFacts.of(onnx));
            publish(options, report);
            return verification.failures();
        }
    }

    private static void publish(GeneratorOptions options, GenerationReport report) throws Exception {
        for (String name : TEST_FILES) {
            Files.copy(options.dataDir().resolve(name), options.outDir().resolve(name),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(options.outDir().resolve("README.md"), SampleReadme.render(report));
        Verification v = report.verification();
        print("ONNX Runtime top-1 on %d test images: %.2f %% (DJL before export: %.2f %%)", report.testImages(),
                100 * v.ortTop1(), 100 * v.djlTop1());
        print("Largest |DJL - ONNX Runtime| logit difference on %d images: %.2e", v.agreementImages(),
                v.maxAbsDiff());
        print("Wrote %s: %,d bytes, %d parameters, %.1f M multiply-adds per image; training took %d s",
                options.outDir().resolve("cnn.onnx"), report.file().bytes(), report.file().parameters(),
                report.multiplyAdds() / 1e6, report.trainingTime().toSeconds());
    }

    /** Producer, doc string and the metadata Lathe reads (labels, preprocessing) plus how the model was made. */
    private static OnnxGraphBuilder describe(GeneratorOptions options, FashionMnist train, String engineName) {
        return new OnnxGraphBuilder("fashion_mnist_cnn")
                .producer(CnnOnnxExporter.PRODUCER, ProducerVersion.get())
                .docString("Fashion-MNIST classifier: 4 conv3x3 (batch norm folded) + 2 fully connected; "
                        + "input pixel/255; trained with " + engineName)
                .metadata("lathe.labels", String.join(",", FashionMnist.CLASS_NAMES))
                .metadata("lathe.preprocessing", "scale=1/255")
                .metadata("lathe.dataset", "Fashion-MNIST (train, " + train.count() + " images)")
                .metadata("lathe.seed", Integer.toString(options.seed()))
                .metadata("lathe.training", options.training().toString());
    }

    private static void printEpoch(CnnTrainer.EpochResult e, int epochs) {
        print("epoch %d/%d  loss %.4f  train top-1 %.2f %%  test top-1 %.2f %%  %d s", e.epoch(), epochs,
                e.meanLoss(), 100 * e.trainTop1(), 100 * e.testTop1(), e.time().toSeconds());
    }

    private static void print(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
