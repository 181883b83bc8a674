package dev.lathe.views.wall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PanelChartsTest {
    private Locale before;

    @BeforeEach
    void english() {
        before = Locale.getDefault();
        Locale.setDefault(Locale.ROOT);
    }

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    @Test
    void anAxisFromZeroSaysZeroRatherThanZeroMicrosecondsBesideItsMillisecondLabels() {
        assertThat(PanelCharts.axisMillis(0)).isEqualTo("0");
        assertThat(PanelCharts.axisMillis(1.234)).isEqualTo("1.23 ms");
        assertThat(PanelCharts.axisMillis(0.25)).isEqualTo("250 µs");
    }
}
