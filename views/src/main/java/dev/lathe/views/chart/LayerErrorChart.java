package dev.lathe.views.chart;

import dev.lathe.engine.quantize.LayerError;
import java.awt.Color;
import java.awt.Paint;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Each quantized layer's signal-to-noise ratio against the float model, worst (lowest) at the top, as horizontal
 * bars coloured by how much they lose: below 20 dB an 8-bit layer usually costs accuracy, above 30 dB it rarely does.
 */
public final class LayerErrorChart {
    /** More bars than this turn into hairlines; the table beside the chart lists every layer. */
    static final int MAX_BARS = 16;
    static final double POOR_DB = 20;
    static final double FAIR_DB = 30;
    private static final Color POOR = new Color(0xcf, 0x22, 0x2e);
    private static final Color FAIR = new Color(0xbf, 0x87, 0x00);

    private final DefaultCategoryDataset data = new DefaultCategoryDataset();
    private final JFreeChart chart;
    private final ChartViewer viewer;

    public LayerErrorChart() {
        chart = ChartFactory.createBarChart("Per-layer error (SQNR, worst first)", null, "dB (higher is closer to float)",
                data, PlotOrientation.HORIZONTAL, false, true, false);
        ChartStyle.apply(chart, "No per-layer report: give calibration data that fits the model to measure it");
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                double db = data.getValue(row, column).doubleValue();
                return db < POOR_DB ? POOR : db < FAIR_DB ? FAIR : ChartStyle.ACCENT;
            }
        };
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.08);
        renderer.setItemMargin(0);
        renderer.setDefaultToolTipGenerator((dataset, row, column) -> dataset.getColumnKey(column) + ": "
                + String.format("%.1f dB", dataset.getValue(row, column).doubleValue()));
        plot.setRenderer(renderer);
        plot.getDomainAxis().setCategoryMargin(0.25);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        viewer = new ChartViewer(chart);
        viewer.setId("layer-error-chart");
    }

    /** {@code errors} must come worst first, as the engine reports them. */
    public void show(List<LayerError> errors) {
        data.clear();
        errors.stream().limit(MAX_BARS).forEach(e -> data.addValue(e.sqnrDb(), "SQNR", e.node()));
        ChartStyle.note(chart, errors.size() > MAX_BARS
                ? "the " + MAX_BARS + " worst of " + errors.size() + " layers; the table lists all" : "");
    }

    public ChartViewer node() {
        return viewer;
    }
}
