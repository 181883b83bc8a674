package dev.lathe.views.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NumberListTextTest {

    @Test
    void emptyMeansNotGiven() {
        assertThat(NumberListText.parse("", "Mean", false)).isEmpty();
        assertThat(NumberListText.parse(null, "Mean", false)).isEmpty();
    }

    @Test
    void readsOneNumberOrOnePerChannel() {
        assertThat(NumberListText.parse("0.5", "Mean", false)).contains(List.of(0.5));
        assertThat(NumberListText.parse("0.485, 0.456; 0.406", "Mean", false)).contains(List.of(0.485, 0.456, 0.406));
    }

    @Test
    void namesTheFieldAndTheBadNumber() {
        assertThatThrownBy(() -> NumberListText.parse("0.5, abc", "Mean", false)).hasMessage("Mean: 'abc' is not a number");
        assertThatThrownBy(() -> NumberListText.parse("0", "Std", true)).hasMessage("Std: 0 must be above 0");
    }
}
