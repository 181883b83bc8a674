package dev.lathe.samples;

import java.util.Locale;

/** The README that sits next to cnn.onnx: where the data came from, what the model is, what it measured. */
final class SampleReadme {
    // The dataset's licence asks for its notice to travel with copies, and the test files are copies.
    private static final String LICENCE = """
            > Copyright (c) 2017 Zalando SE
            >
            > Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
            > associated documentation files (the "Software"), to deal in the Software without restriction,
            > including without limitation the rights to use, copy, modify, merge, publish, distribute,
            > sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
            > furnished to do so, subject to the following conditions:
            >
            > The above copyright notice and this permission notice shall be included in all copies or
            > substantial portions of the Software.
            >
            > THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
            > NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
            > NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
            > OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
            > CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
            """;

    private static final String MODEL = """
            ## Model

            - Input `input`: float `[batch, 1, 28, 28]`, pixels scaled to [0, 1] (pixel / 255, no mean or std;
              metadata `lathe.preprocessing` = `scale=1/255`).
            - Output `logits`: float `[batch, 10]`, unnormalised scores (apply softmax for probabilities).
            - Layers (each conv followed by batch norm and ReLU; the batch norms are folded into the conv weights in
              the file): %s.
            """;

    private static final String REGENERATE = """
            ## Regenerate

            From the repository root (needs `dataset-fashion-mnist` installed; CI never retrains):

                ./sample-models/regenerate

            Thread scheduling makes floating-point sums differ slightly between runs, so a rerun gives a model
            within a few tenths of a point of this one, not the same bytes.
            """;

    private SampleReadme() {
    }

    static String render(GenerationReport r) {
        return String.join("\n", files(r), dataset(r), LICENCE, format(MODEL, r.layers()) + facts(r), training(r), accuracy(r),
                REGENERATE);
    }

    private static String files(GenerationReport r) {
        return format("""
                # Fashion-MNIST CNN sample

                A small convolutional classifier that Lathe ships as its first sample model, together with the test
                images it is evaluated on. Everything here is written by `./sample-models/regenerate`; do not edit by
                hand.

                | file | what |
                | --- | --- |
                | `cnn.onnx` | the model (ONNX, IR 8, opset 17), %,d bytes, SHA-256 `%s` |
                | `t10k-images-idx3-ubyte.gz` | the %d Fashion-MNIST test images (IDX, 28×28 grey) |
                | `t10k-labels-idx1-ubyte.gz` | their labels (0–9) |
                """, r.file().bytes(), r.file().sha256(), r.testImages());
    }

    private static String dataset(GenerationReport r) {
        return format("""
                ## Dataset

                [Fashion-MNIST](https://github.com/zalandoresearch/fashion-mnist) by Zalando Research, under the MIT
                licence (below). The files are taken from Debian's `dataset-fashion-mnist` package
                (`/usr/share/datasets/fashion-mnist`); the model was trained on its %d training images and evaluated
                on the %d test images copied here, unchanged.

                Classes, in output order: %s (also in the model's `lathe.labels` metadata).
                """, r.trainImages(), r.testImages(), String.join(", ", FashionMnist.CLASS_NAMES));
    }

    private static String facts(GenerationReport r) {
        return format("- %d ONNX nodes, %d parameters, %.1f M multiply-adds per image (almost all in the"
                + " convolutions).%n", r.file().nodes(), r.file().parameters(), r.multiplyAdds() / 1e6);
    }

    private static String training(GenerationReport r) {
        CnnTrainer.Settings t = r.options().training();
        StringBuilder table = new StringBuilder("| epoch | mean loss | train top-1 | test top-1 (DJL) | time |\n"
                + "| --- | --- | --- | --- | --- |\n");
        for (CnnTrainer.EpochResult e : r.epochs()) {
            table.append(format("| %d | %.4f | %.2f %% | %.2f %% | %d s |%n", e.epoch(), e.meanLoss(),
                    100 * e.trainTop1(), 100 * e.testTop1(), e.time().toSeconds()));
        }
        return format("""
                ## Training

                Trained on %s (CPU, %d threads), seed %d: Adam, learning rate %s with cosine decay to %s, batch %d,
                %d epochs, no augmentation. Training took %d min %d s. Train top-1 is measured during each epoch
                (batch norm on batch statistics), test top-1 after it, in inference mode.

                %s""", r.engine(), r.options().threads(), r.options().seed(), t.learningRate(),
                t.finalLearningRate(), t.batchSize(), t.epochs(), r.trainingTime().toMinutes(),
                r.trainingTime().toSecondsPart(), table);
    }

    private static String accuracy(GenerationReport r) {
        Verification v = r.verification();
        return format("""
                ## Measured accuracy

                - Top-1 on the %d test images, running `cnn.onnx` in ONNX Runtime: **%.2f %%**.
                - The same network in DJL before export: %.2f %%.
                - Largest difference between DJL's and ONNX Runtime's logits on %d test images: %.2e.
                """, r.testImages(), 100 * v.ortTop1(), 100 * v.djlTop1(), v.agreementImages(), v.maxAbsDiff());
    }

    private static String format(String template, Object... args) {
        return String.format(Locale.ROOT, template, args);
    }
}
