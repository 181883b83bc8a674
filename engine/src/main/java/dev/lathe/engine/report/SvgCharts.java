package dev.lathe.engine.report;

import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.report.FamilyReport.Member;
import java.util.List;

/**
 * The report's charts as inline SVG: drawn here from the stored figures, so the page needs no script, font or image
 * from anywhere and prints as it shows.
 */
final class SvgCharts {
    static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
        "#17becf"};
    private static final String FONT = "font-family=\"Helvetica, Arial, sans-serif\"";
    private static final int W = 470;
    private static final int H = 300;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 14;
    private static final int BOTTOM = 40;
    private static final double MIN_TOP1_SPAN = 1.0;

    private SvgCharts() {
    }

    static String colour(int index) {
        return COLOURS[index % COLOURS.length];
    }

    /** Top-1 against median latency, one colour per device; empty text when no variant has both on one device. */
    static String accuracyVsLatency(FamilyReport report, List<ChartPoint> points) {
        if (points.isEmpty()) {
            return "";
        }
        Axis x = Axis.of(0, points.stream().mapToDouble(ChartPoint::p50Ms).max().orElse(1));
        double low = points.stream().mapToDouble(p -> p.top1() * 100).min().orElse(0);
        double high = points.stream().mapToDouble(p -> p.top1() * 100).max().orElse(100);
        // At least a point of top-1 from bottom to top, so that a hundredth of a point does not look like a cliff.
        double middle = (low + high) / 2;
        Axis y = high - low >= MIN_TOP1_SPAN ? Axis.of(low, high)
                : Axis.of(middle - MIN_TOP1_SPAN / 2, middle + MIN_TOP1_SPAN / 2);
        List<DeviceFingerprint> devices = report.devices();
        int legend = 16 * devices.size() + 8;
        StringBuilder s = open(W, H + legend, "Top-1 accuracy against median latency, per device");
        frame(s, x, y, "median latency (ms)", "top-1 (%)");
        Labels labels = new Labels();
        for (ChartPoint p : points) {
            double px = LEFT + x.fraction(p.p50Ms()) * (W - LEFT - RIGHT);
            double py = TOP + (1 - y.fraction(p.top1() * 100)) * (H - TOP - BOTTOM);
            String c = colour(deviceIndex(devices, p.deviceId()));
            String name = shortName(p.variant());
            double[] at = labels.place(px, py, name.length() * 5.2, W);
            s.append(String.format(java.util.Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>"
                            + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" %s fill=\"#333\">%s</text>%n",
                    px, py, c, at[0], at[1], FONT, Html.escape(name)));
        }
        for (int i = 0; i < devices.size(); i++) {
            int ly = H + 8 + 16 * i;
            s.append(String.format(java.util.Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" "
                    + "fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"10\" %s>%s</text>%n", LEFT, ly, colour(i),
                    LEFT + 16, ly + 9, FONT, Html.escape(devices.get(i).name())));
        }
        return s.append("</svg>").toString();
    }

    /** Each member's file size as a horizontal bar. */
    static String sizes(FamilyReport report) {
        List<Member> members = report.members();
        double max = members.stream().mapToLong(m -> m.model().fileBytes()).max().orElse(1);
        int label = 170;
        int row = 20;
        int height = TOP + row * members.size() + 8;
        StringBuilder s = open(W, height, "File size per variant");
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            double mib = m.model().fileBytes() / 1048576.0;
            double width = max <= 0 ? 0 : m.model().fileBytes() / max * (W - label - 90);
            int y = TOP + row * i;
            s.append(String.format(java.util.Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\" %s>%s</text>"
                            + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"13\" fill=\"%s\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" %s>%s MiB</text>%n",
                    label - 6, y + 10, FONT, Html.escape(shortName(m.name())), label, y, Math.max(width, 1),
                    colour(0), label + Math.max(width, 1) + 4, y + 10, FONT,
                    Html.number(mib < 0.1 ? "%.3f" : "%.2f", mib)));
        }
        return s.append("</svg>").toString();
    }

    private static StringBuilder open(int width, int height, String title) {
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\"><title>").append(Html.escape(title)).append("</title>\n");
        return s;
    }

    private static void frame(StringBuilder s, Axis x, Axis y, String xLabel, String yLabel) {
        int right = W - RIGHT;
        int bottom = H - BOTTOM;
        for (double t : x.ticks()) {
            double px = LEFT + x.fraction(t) * (right - LEFT);
            s.append(String.format(java.util.Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                    + "stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\" %s>%s</text>%n",
                    px, TOP, px, bottom, px, bottom + 12, FONT, x.label(t)));
        }
        for (double t : y.ticks()) {
            double py = TOP + (1 - y.fraction(t)) * (bottom - TOP);
            s.append(String.format(java.util.Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                    + "stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" font-size=\"9\" text-anchor=\"end\" %s>%s</text>%n",
                    LEFT, py, right, py, LEFT - 4, py + 3, FONT, y.label(t)));
        }
        s.append(String.format(java.util.Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#888\"/>%n", LEFT, TOP, right - LEFT, bottom - TOP));
        s.append(String.format(java.util.Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" "
                + "%s>%s</text>%n", (LEFT + right) / 2, H - 8, FONT, xLabel));
        s.append(String.format(java.util.Locale.ROOT, "<text x=\"12\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 12 %d)\" %s>%s</text>%n", (TOP + bottom) / 2, (TOP + bottom) / 2, FONT, yLabel));
    }

    private static int deviceIndex(List<DeviceFingerprint> devices, String id) {
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i).id().equals(id)) {
                return i;
            }
        }
        return devices.size();
    }

    private static String shortName(String name) {
        return name.length() <= 28 ? name : name.substring(0, 27) + "\u2026";
    }
}
