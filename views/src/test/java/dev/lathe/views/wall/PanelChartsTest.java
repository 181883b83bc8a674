package dev.lathe.views.wall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.views.chart.ChartFormat;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
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

    @Test
    void aSavedPanelChartIsTheFrameOnScreenDrawnAsShapesAndText(@TempDir Path tmp) throws Exception {
        PanelFrame frame = new PanelFrame(3, new double[] {1, 2, 3}, new double[] {2.0, 2.5, 2.2}, 1.9, 2.6,
                new long[] {1, 0, 2}, 2.2, 2.5, 2.5, Optional.empty(), "running", 0.5, false, List.of());
        PanelCharts charts = new PanelCharts(Color.BLUE);
        Path svg = tmp.resolve("timeline.svg");

        ChartFormat.SVG.write(new PanelPicture(charts, frame, PanelPicture.Chart.TIMELINE), 400, 200, svg);

        String drawn = Files.readString(svg);
        assertThat(drawn).startsWith("<?xml").contains("<svg").contains("Latest runs").contains("run 3")
                .contains("<line");
        List<String> screen = charts.timeline(frame, 400, 200).labels().stream().map(ChartImage.Label::text).toList();
        assertThat(screen).allSatisfy(label -> assertThat(drawn).contains(label));
    }
}
