package dev.lathe.views.chart;

import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** How many nodes use each op type, most used first, as horizontal bars so long op names stay readable. */
public final class OpHistogramChart {
    /** More bars than this turn into hairlines; the rest are summed into one "other" bar. */
    static final int MAX_BARS = 14;

    private final DefaultCategoryDataset data = new DefaultCategoryDataset();
    private final ChartViewer viewer;

    public OpHistogramChart() {
        JFreeChart chart = ChartFactory.createBarChart("Op types", null, "nodes", data, PlotOrientation.HORIZONTAL,
                false, true, false);
        ChartStyle.apply(chart, "This model records no op types");
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, ChartStyle.ACCENT);
        renderer.setMaximumBarWidth(0.08);
        renderer.setItemMargin(0);
        plot.getDomainAxis().setCategoryMargin(0.25);
        // Node counts are whole numbers; the default ticks would read 0.1, 0.2…
        ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        viewer = new ChartViewer(chart);
        viewer.setId("op-histogram");
    }

    /** Entries must come most used first. */
    public void show(List<Map.Entry<String, Integer>> counts) {
        data.clear();
        int shown = Math.min(counts.size(), counts.size() > MAX_BARS ? MAX_BARS - 1 : MAX_BARS);
        for (int i = 0; i < shown; i++) {
            data.addValue(counts.get(i).getValue(), "nodes", counts.get(i).getKey());
        }
        if (shown < counts.size()) {
            int rest = counts.subList(shown, counts.size()).stream().mapToInt(Map.Entry::getValue).sum();
            data.addValue(rest, "nodes", (counts.size() - shown) + " other types");
        }
    }

    public ChartViewer node() {
        return viewer;
    }
}
