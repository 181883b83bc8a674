package dev.lathe.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.Samples;
import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.TensorInfo;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutated datasets from issue 12: read as they are meant, or refused in one line within seconds. */
class DatasetBoundsTest {
    private static final TensorInfo MNIST_INPUT = new TensorInfo("input", ElementType.FLOAT,
            List.of(Dim.symbolic("batch"), Dim.fixed(1), Dim.fixed(28), Dim.fixed(28)));

    @TempDir
    Path tmp;

    @Test
    void aCsvLabelOfTenToTheTwelfthIsAClassNameNotAnInternalError() throws Exception {
        Path csv = tmp.resolve("big-label.csv");
        Files.writeString(csv, "a,b,label\n1,2,1000000000000\n3,4,0\n5,6,1000000000000\n");
        Dataset data = Datasets.open(csv);
        assertThat(data.classNames()).containsExactly("0", "1000000000000");
        assertThat(data.label(0)).isEqualTo(1);
        assertThat(data.label(1)).isEqualTo(0);
    }

    @Test
    void aCsvOfMoreClassesThanAnyClassifierIsAskedWhetherItsLabelIsAMeasurement() throws Exception {
        StringBuilder rows = new StringBuilder("x,target\n");
        for (int i = 0; i <= DatasetLimits.MAX_CLASSES; i++) {
            rows.append(i).append(",").append(i * 0.5).append('\n');
        }
        Path csv = tmp.resolve("regression.csv");
        Files.writeString(csv, rows);
        assertThatThrownBy(() -> Datasets.open(csv)).hasMessage("regression.csv: has 25,001 different labels; Lathe "
                + "evaluates classifiers of up to 25,000 classes: is the label column a measurement rather than a class? "
                + "Choose another with --label-column");
    }

    @Test
    void aCsvOf784PixelColumnsFeedsAOneByTwentyEightByTwentyEightModel() throws Exception {
        Path csv = tmp.resolve("mnist.csv");
        StringBuilder text = new StringBuilder("label");
        for (int i = 0; i < 784; i++) {
            text.append(",pixel").append(i);
        }
        text.append("\n3");
        for (int i = 0; i < 784; i++) {
            text.append(',').append(i % 256);
        }
        Files.writeString(csv, text.append('\n'));
        Dataset data = Datasets.open(csv);
        Preprocessing pre = PreprocessingInference.infer("cnn.onnx", MNIST_INPUT, new long[] {1, 1, 28, 28}, data,
                PreprocessingOverrides.NONE);
        assertThat(pre.batchShape(1)).containsExactly(1, 1, 28, 28);
        float[] values = new float[pre.size()];
        pre.apply(data.sample(0), values, 0);
        assertThat(values[29]).isEqualTo(29f);
    }

    @Test
    void aLabelsFileWithTheWrongMagicSaysSoRatherThanTooLarge() throws Exception {
        DatasetsTest.writeIdx(tmp.resolve("x-images-idx3-ubyte"), new int[] {2, 2, 2}, new byte[8]);
        // An images header where the labels' belongs: three dimensions declared, of which the bytes make nonsense.
        DatasetsTest.writeIdx(tmp.resolve("x-labels-idx1-ubyte"), new int[] {2, 0x7f7f7f7f, 0x7f7f7f7f}, new byte[2]);
        assertThatThrownBy(() -> Datasets.open(tmp.resolve("x-images-idx3-ubyte")))
                .hasMessage("x-labels-idx1-ubyte: is not an IDX labels file (…-labels-idx1-ubyte): its magic number "
                        + "(0x00000803) declares 3-dimensional data, where an IDX labels file (…-labels-idx1-ubyte) has 1");
    }

    @Test
    void anIdxHeaderThatDeclaresMoreThanTheFileHoldsIsTruncatedNotHuge() throws Exception {
        DatasetsTest.writeIdx(tmp.resolve("y-images-idx3-ubyte"), new int[] {60_000, 28, 28}, new byte[100]);
        assertThatThrownBy(() -> IdxFile.read(tmp.resolve("y-images-idx3-ubyte")))
                .hasMessage("y-images-idx3-ubyte: is truncated: its header declares 60000×28×28 = 47,040,000 bytes of "
                        + "data, it holds 100");
    }

    @Test
    void aThirtyThousandPixelSquarePngIsRefusedFromItsHeaderWithinSeconds() throws Exception {
        Files.createDirectories(tmp.resolve("coats"));
        Files.write(tmp.resolve("coats/huge.png"), pngHeader(30_000, 30_000));
        long start = System.nanoTime();
        assertThatThrownBy(() -> Datasets.open(tmp)).hasMessage("huge.png: is 30000×30000 pixels; Lathe reads images "
                + "of up to 67,108,864 pixels (8192×8192): scale it down or remove it");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void sixteenBitGrayImagesAreScaledToEightBits() throws Exception {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray.getRaster().setSample(0, 0, 0, 65535);
        Files.createDirectories(tmp.resolve("a"));
        ImageIO.write(gray, "png", tmp.resolve("a/g.png").toFile());
        RawSample.Image image = (RawSample.Image) Datasets.open(tmp).sample(0);
        assertThat(image.pixels()).containsExactly((byte) 255, (byte) 0);
    }

    @Test
    void aLinkToDevZeroIsNotARegularFileRatherThanMissingOrReadForever() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("zero.csv"), Path.of("/dev/zero"));
        assertThatThrownBy(() -> Datasets.open(link))
                .hasMessage("zero.csv: is not a regular file (a device, a pipe or a socket, here /dev/zero)");
    }

    @Test
    void theSampleTestSetStillOpens() throws Exception {
        assertThat(Datasets.open(Samples.testImages()).size()).isEqualTo(10_000);
    }

    /** A valid 1×1 gray PNG whose header is rewritten to declare {@code width}×{@code height}. */
    private static byte[] pngHeader(int width, int height) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), "png", out);
        byte[] png = out.toByteArray();
        ByteBuffer.wrap(png, 16, 8).putInt(width).putInt(height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
        return png;
    }
}
