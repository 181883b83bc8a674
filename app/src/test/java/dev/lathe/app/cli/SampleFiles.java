package dev.lathe.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped sample model and test set, found from the module folder the tests run in. */
final class SampleFiles {
    private SampleFiles() {
    }

    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sample-models/fashion-mnist"))) {
                return p.resolve("sample-models/fashion-mnist");
            }
        }
        throw new IllegalStateException("sample-models/fashion-mnist not found");
    }

    static Path cnn() {
        return root().resolve("cnn.onnx");
    }

    static Path testImages() {
        return root().resolve("t10k-images-idx3-ubyte.gz");
    }

    /** The engine's TorchScript test fixture, made by its documented make_fixture.py. */
    static Path torchScriptFixture() {
        return root().getParent().getParent().resolve("engine/src/test/resources/torchscript/fashion_cnn.pt");
    }

    static Path cacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "lathe");
    }
}
