package dev.lathe.engine;

import dev.lathe.engine.task.LatheException;
import java.util.List;
import dev.lathe.engine.data.Preprocessing;
import dev.lathe.engine.data.Layout;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.runtime.torchscript.PyTorchEngine;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.store.ExperimentStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped sample model and dataset, and an engine assembled the way the app assembles it. */
public final class Samples {
    private Samples() {
    }

    public static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sample-models/fashion-mnist"))) {
                return p.resolve("sample-models/fashion-mnist");
            }
        }
        throw new IllegalStateException("sample-models/fashion-mnist not found above " + Path.of("").toAbsolutePath());
    }

    public static Path cnn() {
        return root().resolve("cnn.onnx");
    }

    public static Path testImages() {
        return root().resolve("t10k-images-idx3-ubyte.gz");
    }

    public static Path testLabels() {
        return root().resolve("t10k-labels-idx1-ubyte.gz");
    }

    /** A cache shared by test runs, so natives are unpacked once per machine, not per test. */
    public static Path cacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "lathe");
    }

    /** PyTorch for training steps; libtorch loads once per JVM, on first use. */
    public static final PyTorchEngine PYTORCH = new PyTorchEngine(cacheDir().resolve("djl"));

    /** How the sample CNN reads a Fashion-MNIST image: one channel, pixels scaled to 0..1. */
    public static final Preprocessing FASHION = new Preprocessing(Layout.NCHW, 1, 28, 28, 1.0 / 255, List.of(0.0),
            List.of(1.0), false);

    private static final Path DEBIAN_TRAIN = Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");

    /**
     * Fashion-MNIST's training split where Debian's dataset-fashion-mnist installs it, else the shipped test split:
     * training tests learn from a few thousand images either way.
     */
    public static Path trainImages() {
        return Files.isRegularFile(DEBIAN_TRAIN) ? DEBIAN_TRAIN : testImages();
    }

    public static Runtimes runtimes() {
        return Runtimes.inProcess(cacheDir(), (file, shape, options) -> {
            throw new InferenceException(file.getFileName() + ": TorchScript is not wired in this test");
        });
    }

    public static Workbench workbench(Path storeFile) throws LatheException {
        return Workbench.builder().store(ExperimentStore.open(storeFile)).runtimes(runtimes())
                .torchScript((file, sha, bytes) -> {
                    throw new ModelFormatException(file, "TorchScript is not wired in this test");
                })
                .cacheDir(cacheDir()).pytorch(PYTORCH).build();
    }
}
