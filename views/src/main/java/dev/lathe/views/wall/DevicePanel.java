package dev.lathe.views.wall;

import dev.lathe.engine.device.TelemetrySample;
import dev.lathe.views.chart.ChartFiles;
import dev.lathe.views.chart.ChartMenu;
import dev.lathe.views.chart.ChartStyle;
import dev.lathe.views.common.Formats;
import java.util.Optional;
import java.util.OptionalDouble;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * One device on the wall, readable from the back of a room: its name on a band of its colour, running p50/p90/p99 in
 * large type, its temperature and clock as its sensors report them ("no sensor" where it has none), what it is
 * running, and the two live charts.
 */
public final class DevicePanel extends VBox {
    private final PanelCharts charts;
    private final ChartImage timeline = new ChartImage();
    private final ChartImage histogram = new ChartImage();
    private final Label p50 = big();
    private final Label p90 = big();
    private final Label p99 = big();
    private final Label count = new Label("0 samples");
    private final Label sensors = new Label("no readings yet");
    private final Label status = new Label("Waiting");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label accuracy = new Label("–");
    private final String device;
    /** The frame on show, for a chart saved as a file; set on the FX thread. */
    private PanelFrame shown;
    private long frames;
    private long samples;

    /** @param evaluating the panel shows each variant's top-1 in large type instead of latencies and charts */
    public DevicePanel(String device, int index, boolean evaluating) {
        java.awt.Color colour = ChartStyle.series(index);
        String css = String.format("#%02x%02x%02x", colour.getRed(), colour.getGreen(), colour.getBlue());
        this.device = device;
        setId("wall-panel-" + index);
        getStyleClass().add("card");
        // The device's colour as a looked-up colour, so the stylesheet can lighten its figures on a dark ground.
        setStyle("-wall-colour: " + css + "; -fx-border-color: " + css + "; -fx-border-width: 2; "
                + "-fx-padding: 0 0 10 0;");
        setSpacing(6);
        charts = new PanelCharts(colour);
        timeline.setId("wall-timeline-" + index);
        histogram.setId("wall-histogram-" + index);
        Label name = new Label(device);
        name.setId("wall-device-" + index);
        name.setMaxWidth(Double.MAX_VALUE);
        name.getStyleClass().add("wall-device-name");
        name.setStyle("-fx-background-color: " + css + ";");
        p50.setId("wall-p50-" + index);
        p90.setId("wall-p90-" + index);
        p99.setId("wall-p99-" + index);
        count.setId("wall-count-" + index);
        sensors.setId("wall-sensors-" + index);
        status.setId("wall-status-" + index);
        status.getStyleClass().add("status");
        status.setMaxWidth(Double.MAX_VALUE);
        p50.getStyleClass().add("wall-coloured");
        // Figures wrap rather than cut: in Stage view, p50 at 80 px beside p90 and p99 outgrows a narrow panel.
        FlowPane figures = new FlowPane(18, 0, figure("p50", p50), figure("p90", p90), figure("p99", p99));
        figures.setAlignment(Pos.CENTER_LEFT);
        figures.setPrefWrapLength(1);
        sensors.getStyleClass().add("wall-detail");
        count.getStyleClass().add("wall-detail");
        progress.setMaxWidth(Double.MAX_VALUE);
        timeline.setMinSize(200, 110);
        timeline.setPrefHeight(220);
        histogram.setMinSize(200, 90);
        histogram.setPrefHeight(180);
        VBox.setVgrow(timeline, Priority.ALWAYS);
        VBox.setVgrow(histogram, Priority.ALWAYS);
        accuracy.setId("wall-accuracy-" + index);
        accuracy.getStyleClass().add("wall-top1");
        accuracy.getStyleClass().add("wall-coloured");
        accuracy.setWrapText(true);
        VBox body = evaluating ? new VBox(4, figure("Top-1", accuracy), status, progress)
                : new VBox(4, figures, count, sensors, status, progress);
        body.setStyle("-fx-padding: 4 12 0 12;");
        getChildren().addAll(name, body);
        if (!evaluating) {
            getChildren().addAll(timeline, histogram);
        }
    }

    private static Label big() {
        Label l = new Label("–");
        l.getStyleClass().add("wall-figure");
        return l;
    }

    private static VBox figure(String name, Label value) {
        Label caption = new Label(name);
        caption.getStyleClass().add("form-label");
        return new VBox(0, caption, value);
    }

    /**
     * Draws {@code f}'s charts at the size they had on screen, on the calling thread (the ticker's), and returns
     * what the FX thread runs to show them with the figures.
     */
    public Runnable prepare(PanelFrame f) {
        ChartImage.Drawn line = charts.timeline(f, timeline.pixelWidth(), timeline.pixelHeight());
        ChartImage.Drawn bars = charts.histogram(f, histogram.pixelWidth(), histogram.pixelHeight());
        return () -> show(f, line, bars);
    }

    private void show(PanelFrame f, ChartImage.Drawn line, ChartImage.Drawn bars) {
        shown = f;
        timeline.show(line);
        histogram.show(bars);
        frames++;
        samples = f.count();
        p50.setText(f.count() == 0 ? "–" : Formats.millis(f.p50Ms()));
        p90.setText(f.count() == 0 ? "–" : Formats.millis(f.p90Ms()));
        p99.setText(f.count() == 0 ? "–" : Formats.millis(f.p99Ms()));
        count.setText(Formats.count(f.count()) + (f.count() == 1 ? " sample" : " samples"));
        accuracy.setText(f.accuracy().isEmpty() ? "–" : String.join("\n", f.accuracy()));
        sensors.setText(sensors(f.telemetry()));
        status.setText(f.status());
        // An indeterminate bar animates every pulse; while the total is unknown the status line says enough.
        progress.setVisible(f.ended() || f.progress() >= 0);
        progress.setProgress(f.ended() ? 1 : Math.max(0, f.progress()));
    }

    /** Gives both charts Save as PNG… and Save as SVG…, drawing the frame on show. */
    public void offerSaving(ChartFiles files) {
        ChartMenu.attach(timeline, () -> picture(PanelPicture.Chart.TIMELINE), () -> device + " latest runs", files);
        ChartMenu.attach(histogram, () -> picture(PanelPicture.Chart.HISTOGRAM), () -> device + " distribution",
                files);
    }

    private Optional<PanelPicture> picture(PanelPicture.Chart chart) {
        return Optional.ofNullable(shown).map(f -> new PanelPicture(charts, f, chart));
    }

    static String sensors(Optional<TelemetrySample> reading) {
        if (reading.isEmpty()) {
            return "no sensor readings";
        }
        OptionalDouble hottest = WallRow.hottest(reading.get());
        OptionalDouble khz = reading.get().cpuFrequenciesKhz().stream().mapToLong(Long::longValue).average();
        if (hottest.isEmpty() && khz.isEmpty()) {
            return "no temperature or clock sensor";
        }
        String temp = hottest.isPresent() ? Formats.decimal(hottest.getAsDouble(), 1) + " °C" : "no temperature sensor";
        String clock = khz.isPresent() ? Formats.decimal(khz.getAsDouble() / 1e6, 2) + " GHz" : "no clock sensor";
        return temp + "  ·  " + clock;
    }

    /** Frames drawn so far. */
    public long frames() {
        return frames;
    }

    /** Latencies of the run on show, as last drawn. */
    public long samples() {
        return samples;
    }
}
