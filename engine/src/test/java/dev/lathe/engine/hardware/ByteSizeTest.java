package dev.lathe.engine.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ByteSizeTest {

    @Test
    void aSizeTakesTheLargestUnitThatKeepsItUnderAThousandWithAtMostThreeSignificantDigits() {
        assertThat(ByteSize.of(512)).isEqualTo("512 B");
        assertThat(ByteSize.of(1536)).isEqualTo("1.50 KiB");
        assertThat(ByteSize.of(1_793_065)).isEqualTo("1.71 MiB");
        assertThat(ByteSize.of(120_868_864)).isEqualTo("115 MiB");
        assertThat(ByteSize.of(25_276_157_952L)).as("a machine's memory, once shown as 24105.22 MiB")
                .isEqualTo("23.5 GiB");
        assertThat(ByteSize.of(8L << 30)).isEqualTo("8.00 GiB");
        assertThat(ByteSize.of(1_048_000)).as("never four digits: 1023 KiB reads as a fraction of a MiB")
                .isEqualTo("1.00 MiB");
    }

    @Test
    void aSizeComparedWithAnotherSaysSmallerLargerOrTheSame() {
        assertThat(ByteSize.comparedWith(464_896, 1_793_065)).isEqualTo("3.86x smaller than");
        assertThat(ByteSize.comparedWith(1_200, 1_000)).isEqualTo("1.20x larger than");
        assertThat(ByteSize.comparedWith(1_793_000, 1_793_065)).as("never 1.00x smaller")
                .isEqualTo("about the same size as");
        assertThat(ByteSize.comparedWith(1_000, 1_000)).isEqualTo("the same size as");
    }

    @Test
    void aScreenWritesTheDecimalPointOfItsLocale() {
        assertThat(ByteSize.of(25_276_157_952L, Locale.GERMANY)).isEqualTo("23,5 GiB");
    }

    @Test
    void sizesOnOneScaleStayInMibWithTheDecimalsTheirStepNeeds() {
        assertThat(ByteSize.inMiB(0.5, 0.5, Locale.ROOT)).isEqualTo("0.5 MiB");
        assertThat(ByteSize.inMiB(1, 0.5, Locale.ROOT)).as("not 1.00 beside 0.500").isEqualTo("1.0 MiB");
        assertThat(ByteSize.inMiB(0.75, 0.1 * 2.5, Locale.ROOT)).isEqualTo("0.75 MiB");
        assertThat(ByteSize.inMiB(200, 100, Locale.ROOT)).isEqualTo("200 MiB");
        assertThat(ByteSize.inMiB(0.452, Locale.ROOT)).as("a lone figure, three significant digits")
                .isEqualTo("0.452 MiB");
        assertThat(ByteSize.inMiB(1.71, Locale.GERMANY)).isEqualTo("1,71 MiB");
    }
}
