package dev.lathe.views.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShapeTextTest {

    @Test
    void readsSizesJoinedByXTimesSignOrCommasWithSpacesAnywhere() {
        assertThat(ShapeText.parse("1x1x28x28")).containsExactly(1, 1, 28, 28);
        assertThat(ShapeText.parse(" 1 × 3 × 224 × 224 ")).containsExactly(1, 3, 224, 224);
        assertThat(ShapeText.parse("8, 784")).containsExactly(8, 784);
        assertThat(ShapeText.parse("1X10")).containsExactly(1, 10);
    }

    @Test
    void writesTheFormItReads() {
        assertThat(ShapeText.format(ShapeText.parse("1×1×28×28"))).isEqualTo("1x1x28x28");
    }

    @Test
    void refusesEmptyTextWithAnExample() {
        assertThatThrownBy(() -> ShapeText.parse("  ")).hasMessageContaining("like 1x1x28x28");
    }

    @Test
    void refusesWordsAndNegativeSizesNamingTheBadPart() {
        assertThatThrownBy(() -> ShapeText.parse("1xcx28x28")).hasMessageContaining("'c'");
        assertThatThrownBy(() -> ShapeText.parse("1x-1x28")).hasMessageContaining("'-1'");
        assertThatThrownBy(() -> ShapeText.parse("1x1.5")).hasMessageContaining("'1.5'");
    }

    @Test
    void refusesZeroAndEmptySizes() {
        assertThatThrownBy(() -> ShapeText.parse("1x0x28")).hasMessageContaining("1 or more");
        assertThatThrownBy(() -> ShapeText.parse("1xx28")).hasMessageContaining("empty size");
        assertThatThrownBy(() -> ShapeText.parse("1x28x")).hasMessageContaining("empty size");
    }

    @Test
    void refusesMoreThanEightDimensions() {
        assertThatThrownBy(() -> ShapeText.parse("1x1x1x1x1x1x1x1x1")).hasMessageContaining("at most 8");
    }
}
