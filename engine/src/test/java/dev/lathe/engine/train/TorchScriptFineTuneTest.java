package dev.lathe.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.runtime.torchscript.PyTorchEngine;
import dev.lathe.engine.runtime.torchscript.TorchScriptSession;
import dev.lathe.engine.runtime.torchscript.TrainableModule;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceSession;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TorchScript fixture fine-tuned in place with the same trainer as ONNX graphs, and written back as TorchScript.
 * It is untrained (seeded initial weights), so one short epoch must lower its loss clearly.
 */
class TorchScriptFineTuneTest {
    private static final PyTorchEngine PYTORCH = Samples.PYTORCH;
    private static final long[] ONE_IMAGE = {1, 1, 28, 28};
    /** One epoch of Adam over 512 training images in batches of 64: eight steps, well under a second. */
    private static final FineTuneConfig CONFIG = new FineTuneConfig(FineTuneConfig.Optimizer.ADAM, 5e-3, 64, 1, 7,
            512);
    private static Dataset train;
    private static Dataset test;

    @BeforeAll
    static void start() throws Exception {
        PYTORCH.engine();
        train = Datasets.open(Samples.trainImages());
        test = Datasets.open(Samples.testImages());
    }

    @Test
    void oneEpochLowersTheLossAndTheWrittenFileRunsExactlyAsTrained(@TempDir Path tmp) throws Exception {
        // The last 500 test images: never among the 512 trained on, even where the training split is the test split.
        Batch held = batch(test, test.size() - 500, 500);
        Batch seen = batch(train, 0, 512);
        Path written = tmp.resolve("fashion_cnn.ft.pt");
        float[] trainedOutput;
        double lossBefore;
        double lossAfter;
        double top1Before;
        double top1After;
        try (TrainableModule module = TrainableModule.load(PYTORCH, fixture())) {
            lossBefore = crossEntropy(module.predict(seen.images()), seen.labels());
            top1Before = top1(module.predict(held.images()), held.labels());

            List<EpochResult> epochs = new FineTuner(PYTORCH).fineTune("fashion_cnn.pt", module.block(), train,
                    Samples.FASHION, CONFIG, Progress.NONE);

            trainedOutput = module.predict(held.images()).data();
            lossAfter = crossEntropy(module.predict(seen.images()), seen.labels());
            top1After = top1(module.predict(held.images()), held.labels());
            Files.write(written, module.toBytes());
            assertThat(epochs).singleElement().extracting(EpochResult::examples).isEqualTo(512);
        }
        System.out.printf("fashion_cnn.pt, 8 Adam steps: loss %.4f -> %.4f on the 512 trained images, top-1 %.1f %%"
                + " -> %.1f %% on 500 held-out%n", lossBefore, lossAfter, 100 * top1Before, 100 * top1After);

        assertThat(lossAfter).isLessThan(lossBefore - 0.05);
        assertThat(top1After).isGreaterThanOrEqualTo(top1Before - 0.02);
        try (InferenceSession reloaded = new TorchScriptSession(PYTORCH, written, Optional.of(ONE_IMAGE))) {
            float[] fromFile = reloaded.run(held.images()).data();
            assertThat(Bridge.maxAbsDiff(fromFile, trainedOutput)).isLessThanOrEqualTo(1e-4);
        }
        assertThat(trainingFlags(written)).as("every module's training flag in the written file").containsOnly(false)
                .isNotEmpty();
    }

    @Test
    void theSameSeedTrainsBitIdenticalWeightsAndAnotherSeedDoesNot() throws Exception {
        Map<String, float[]> first = trainedWeights(7);
        Map<String, float[]> again = trainedWeights(7);
        Map<String, float[]> other = trainedWeights(8);

        assertThat(again).containsOnlyKeys(first.keySet());
        first.forEach((name, values) -> assertThat(again.get(name)).as(name).containsExactly(values));
        assertThat(first.keySet()).anySatisfy(name -> assertThat(other.get(name)).isNotEqualTo(first.get(name)));
    }

    private static Map<String, float[]> trainedWeights(long seed) throws Exception {
        FineTuneConfig config = new FineTuneConfig(CONFIG.optimizer(), CONFIG.learningRate(), CONFIG.batchSize(), 1,
                seed, 256);
        try (TrainableModule module = TrainableModule.load(PYTORCH, fixture())) {
            new FineTuner(PYTORCH).fineTune("fashion_cnn.pt", module.block(), train, Samples.FASHION, config,
                    Progress.NONE);
            Map<String, float[]> weights = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> p : module.floatParameters().entrySet()) {
                weights.put(p.getKey(), p.getValue().toFloatArray());
            }
            return weights;
        }
    }

    /**
     * The pickled {@code training} attribute of every module in the archive's {@code data.pkl}: the first one is
     * spelled out and memoised, the rest refer to the memo, each followed by the pickle's True or False.
     */
    static List<Boolean> trainingFlags(Path pt) throws Exception {
        byte[] pickle;
        try (ZipFile zip = new ZipFile(pt.toFile())) {
            ZipEntry entry = zip.stream().filter(e -> e.getName().endsWith("/data.pkl")).findFirst().orElseThrow();
            try (InputStream in = zip.getInputStream(entry)) {
                pickle = in.readAllBytes();
            }
        }
        byte[] key = {'X', 8, 0, 0, 0, 't', 'r', 'a', 'i', 'n', 'i', 'n', 'g', 'q'};
        int at = indexOf(pickle, key, 0);
        assertThat(at).as("a 'training' attribute memoised with BINPUT in data.pkl").isNotNegative();
        byte memo = pickle[at + key.length];
        List<Boolean> flags = new java.util.ArrayList<>();
        flags.add(flag(pickle[at + key.length + 1]));
        for (int i = at + key.length + 2; i + 2 < pickle.length; i++) {
            if (pickle[i] == 'h' && pickle[i + 1] == memo && (pickle[i + 2] == (byte) 0x88
                    || pickle[i + 2] == (byte) 0x89)) {
                flags.add(flag(pickle[i + 2]));
            }
        }
        return flags;
    }

    private static boolean flag(byte op) {
        assertThat(op).as("pickle NEWTRUE or NEWFALSE").isIn((byte) 0x88, (byte) 0x89);
        return op == (byte) 0x88;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    record Batch(FloatTensor images, int[] labels) {
    }

    static Batch batch(Dataset data, int from, int count) throws Exception {
        float[] values = new float[count * Samples.FASHION.size()];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            Samples.FASHION.apply(data.sample(from + i), values, i * Samples.FASHION.size());
            labels[i] = data.label(from + i);
        }
        return new Batch(new FloatTensor(values, new long[] {count, 1, 28, 28}), labels);
    }

    static double crossEntropy(FloatTensor logits, int[] labels) {
        int classes = (int) logits.shape()[1];
        double sum = 0;
        for (int row = 0; row < labels.length; row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits.data()[row * classes + c]);
            }
            double z = 0;
            for (int c = 0; c < classes; c++) {
                z += Math.exp(logits.data()[row * classes + c] - max);
            }
            sum += Math.log(z) + max - logits.data()[row * classes + labels[row]];
        }
        return sum / labels.length;
    }

    static double top1(FloatTensor logits, int[] labels) {
        int classes = (int) logits.shape()[1];
        int right = 0;
        for (int row = 0; row < labels.length; row++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits.data()[row * classes + c] > logits.data()[row * classes + best]) {
                    best = c;
                }
            }
            right += best == labels[row] ? 1 : 0;
        }
        return (double) right / labels.length;
    }

    static Path fixture() throws URISyntaxException {
        return Path.of(TorchScriptFineTuneTest.class.getResource("/torchscript/fashion_cnn.pt").toURI());
    }
}
