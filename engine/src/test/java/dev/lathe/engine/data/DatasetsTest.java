package dev.lathe.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.Samples;
import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.TensorInfo;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    private static final TensorInfo MNIST_INPUT = new TensorInfo("input", ElementType.FLOAT,
            List.of(Dim.symbolic("batch"), Dim.fixed(1), Dim.fixed(28), Dim.fixed(28)));

    @TempDir
    Path tmp;

    @Test
    void readsGzippedIdxImagesWithTheLabelsBesideThem() throws Exception {
        Dataset data = Datasets.open(Samples.testImages());
        assertThat(data.format()).isEqualTo(DatasetFormat.IDX);
        assertThat(data.size()).isEqualTo(10_000);
        assertThat(data.classNames()).hasSize(10);
        assertThat(data.imageGeometry()).contains(new Dataset.ImageGeometry(28, 28, 1));
        // The first Fashion-MNIST test image is an ankle boot (class 9).
        assertThat(data.label(0)).isEqualTo(9);
        assertThat(data.sha256()).hasSize(64);
    }

    @Test
    void aFolderHoldingAnIdxPairOpensAsThatPair() throws Exception {
        assertThat(Datasets.open(Samples.root()).size()).isEqualTo(10_000);
    }

    @Test
    void labelsThatDoNotMatchTheImagesAreRefused() throws Exception {
        writeIdx(tmp.resolve("x-images-idx3-ubyte"), new int[] {3, 2, 2}, new byte[12]);
        writeIdx(tmp.resolve("x-labels-idx1-ubyte"), new int[] {2}, new byte[2]);
        assertThatThrownBy(() -> Datasets.open(tmp.resolve("x-images-idx3-ubyte")))
                .isInstanceOf(DatasetException.class)
                .hasMessage("x-labels-idx1-ubyte: labels do not match images: 3 images in x-images-idx3-ubyte but 2 labels");
    }

    @Test
    void aTruncatedIdxFileSaysSo() throws Exception {
        Path file = tmp.resolve("y-images-idx3-ubyte");
        writeIdx(file, new int[] {3, 2, 2}, new byte[5]);
        writeIdx(tmp.resolve("y-labels-idx1-ubyte"), new int[] {3}, new byte[3]);
        assertThatThrownBy(() -> Datasets.open(file)).hasMessageContaining("y-images-idx3-ubyte: is truncated");
    }

    @Test
    void readsAnImageFolderWithOneSubfolderPerClass() throws Exception {
        writePng(tmp.resolve("cats/a.png"), 8, 8, BufferedImage.TYPE_INT_RGB);
        writePng(tmp.resolve("cats/b.png"), 8, 8, BufferedImage.TYPE_INT_RGB);
        writePng(tmp.resolve("dogs/c.png"), 8, 8, BufferedImage.TYPE_INT_RGB);
        Dataset data = Datasets.open(tmp);
        assertThat(data.classNames()).containsExactly("cats", "dogs");
        assertThat(data.size()).isEqualTo(3);
        assertThat(data.label(2)).isEqualTo(1);
        assertThat(data.sample(0)).isInstanceOfSatisfying(RawSample.Image.class, i -> assertThat(i.channels()).isEqualTo(3));
    }

    @Test
    void aBrokenImageIsNamedWhenItIsRead() throws Exception {
        writePng(tmp.resolve("cats/a.png"), 8, 8, BufferedImage.TYPE_INT_RGB);
        Files.writeString(tmp.resolve("cats/broken.png"), "not really a png");
        Dataset data = Datasets.open(tmp);
        assertThatThrownBy(() -> data.sample(1)).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("broken.png: ");
    }

    @Test
    void readsACsvTableWithALabelColumn() throws Exception {
        Path csv = tmp.resolve("iris.csv");
        Files.writeString(csv, "a,b,label\n1,2,setosa\n3,4,virginica\n5,6,setosa\n");
        Dataset data = Datasets.open(csv);
        assertThat(data.classNames()).containsExactly("setosa", "virginica");
        assertThat(data.featureCount()).contains(2);
        assertThat(((RawSample.Features) data.sample(1)).values()).containsExactly(3f, 4f);
        assertThat(data.label(1)).isEqualTo(1);
    }

    @Test
    void aCsvCellThatIsNotANumberIsNamedByLineAndColumn() throws Exception {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "a,b,label\n1,2,0\n3,x,1\n");
        assertThatThrownBy(() -> Datasets.open(csv)).hasMessage("bad.csv: line 3, column 'b': 'x' is not a number");
    }

    @Test
    void infersChannelsFirstPreprocessingFromTheModelInput() throws Exception {
        Dataset data = Datasets.open(Samples.testImages());
        Preprocessing p = PreprocessingInference.infer("cnn.onnx", MNIST_INPUT, new long[] {1, 1, 28, 28}, data,
                PreprocessingOverrides.NONE);
        assertThat(p.describe()).isEqualTo("NCHW 1×28×28, × 1/255, mean [0.000], std [1.000]");
        float[] out = new float[p.size()];
        p.apply(data.sample(0), out, 0);
        for (float v : out) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void imagesThatDoNotFitTheInputAreRefusedSayingBothShapes() throws Exception {
        writePng(tmp.resolve("a/x.png"), 32, 32, BufferedImage.TYPE_INT_RGB);
        Dataset data = Datasets.open(tmp);
        assertThatThrownBy(() -> PreprocessingInference.infer("cnn.onnx", MNIST_INPUT, new long[] {1, 1, 28, 28}, data,
                PreprocessingOverrides.NONE))
                .hasMessage("cnn.onnx: input 'input' expects 1×28×28 float, the dataset gives 3×32×32 images");
    }

    @Test
    void resizingFitsLargerGrayImages() throws Exception {
        writePng(tmp.resolve("a/x.png"), 56, 56, BufferedImage.TYPE_BYTE_GRAY);
        Dataset data = Datasets.open(tmp);
        PreprocessingOverrides resize = new PreprocessingOverrides(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), true);
        Preprocessing p = PreprocessingInference.infer("cnn.onnx", MNIST_INPUT, new long[] {1, 1, 28, 28}, data, resize);
        assertThat(p.resize()).isTrue();
        float[] out = new float[p.size()];
        p.apply(data.sample(0), out, 0);
        assertThat(out).hasSize(784);
    }

    static void writeIdx(Path file, int[] dims, byte[] data) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeShort(0);
            out.writeByte(8);
            out.writeByte(dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }

    private static void writePng(Path file, int w, int h, int type) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (x * 7 + y * 3) * 0x010101 & 0xffffff);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }
}
