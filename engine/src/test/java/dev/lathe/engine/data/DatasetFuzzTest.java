package dev.lathe.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whatever an IDX pair, a CSV file or an image holds, opening it, reading its examples and preprocessing them for a
 * 1×28×28 or a flat model either works or fails with one {@link DatasetException} line; nothing else escapes.
 * Regression inputs: {@code DatasetFuzzTestInputs/}.
 */
class DatasetFuzzTest {
    private static final List<TensorInfo> INPUTS = List.of(
            new TensorInfo("image", ElementType.FLOAT, List.of(Dim.symbolic("n"), Dim.fixed(1), Dim.fixed(28), Dim.fixed(28))),
            new TensorInfo("rgb", ElementType.FLOAT, List.of(Dim.symbolic("n"), Dim.fixed(3), Dim.fixed(8), Dim.fixed(8))),
            new TensorInfo("flat", ElementType.FLOAT, List.of(Dim.symbolic("n"), Dim.fixed(4))));

    /** The three below in one: what {@code mvn verify} fuzzes, since each fuzzed test costs a JVM and Jazzer's start. */
    @FuzzTest(maxDuration = "10s")
    void anyDatasetIsReadOrRefused(FuzzedDataProvider data) throws IOException {
        switch (data.consumeInt(0, 2)) {
            case 0 -> anyIdxPairIsReadOrRefused(data);
            case 1 -> anyCsvIsReadOrRefused(data);
            default -> anyImageIsReadOrRefused(data);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void anyIdxPairIsReadOrRefused(FuzzedDataProvider data) throws IOException {
        Path dir = Files.createTempDirectory("idx-fuzz");
        try {
            Path images = dir.resolve("f-images-idx3-ubyte");
            Files.write(dir.resolve("f-labels-idx1-ubyte"), data.consumeBytes(data.consumeInt(0, 512)));
            Files.write(images, data.consumeRemainingAsBytes());
            readAll(images, data);
        } finally {
            delete(dir);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void anyCsvIsReadOrRefused(FuzzedDataProvider data) throws IOException {
        Path dir = Files.createTempDirectory("csv-fuzz");
        try {
            Path csv = dir.resolve("f.csv");
            Files.write(csv, data.consumeRemainingAsString().getBytes(StandardCharsets.UTF_8));
            readAll(csv, data);
        } finally {
            delete(dir);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void anyImageIsReadOrRefused(FuzzedDataProvider data) throws IOException {
        Path dir = Files.createTempDirectory("image-fuzz");
        try {
            String extension = data.pickValue(new String[] {"png", "jpg", "bmp", "gif"});
            Files.createDirectories(dir.resolve("coats"));
            Files.write(dir.resolve("coats/a." + extension), data.consumeRemainingAsBytes());
            readAll(dir, data);
        } finally {
            delete(dir);
        }
    }

    private static void readAll(Path path, FuzzedDataProvider data) {
        try {
            Dataset dataset = Datasets.open(path);
            assertThat(dataset.size()).isNotNegative();
            for (int i = 0; i < Math.min(dataset.size(), 8); i++) {
                assertThat(dataset.label(i)).isBetween(0, dataset.classNames().size() - 1);
                dataset.sample(i);
            }
            preprocess(dataset, data);
        } catch (DatasetException refused) {
            assertThat(refused.getMessage()).doesNotContain("\n");
        }
    }

    private static void preprocess(Dataset dataset, FuzzedDataProvider data) throws DatasetException {
        TensorInfo input = INPUTS.get(data.consumeInt(0, INPUTS.size() - 1));
        long[] shape = input.shapeWithBatch(1).orElseThrow();
        PreprocessingOverrides overrides = new PreprocessingOverrides(java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty(), data.consumeBoolean());
        Preprocessing pre = PreprocessingInference.infer("m.onnx", input, shape, dataset, overrides);
        float[] values = new float[pre.size()];
        for (int i = 0; i < Math.min(dataset.size(), 4); i++) {
            pre.apply(dataset.sample(i), values, 0);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
