package dev.lathe.engine.report;

import dev.lathe.engine.report.FamilyReport.Member;
import java.util.List;

/**
 * The report as one self-contained page: styles inline, charts as inline SVG, nothing loaded from anywhere, so it
 * reads offline, prints with its own print styles, and parses as XML, from which the PDF is made.
 */
final class HtmlReport {
    private HtmlReport() {
    }

    static String of(FamilyReport report, List<Table> tables) {
        String name = Html.escape(report.subject().name());
        StringBuilder s = new StringBuilder(64 * 1024);
        s.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"UTF-8\"/>\n<title>Lathe report: ").append(name).append("</title>\n<style>\n")
                .append(ReportStyle.CSS).append("</style>\n</head>\n<body>\n");
        s.append("<h1>").append(name).append(" <span class=\"kind\">model family report</span></h1>\n");
        s.append("<p class=\"meta\">SHA-256 <code>").append(Html.escape(report.subject().sha256()))
                .append("</code><br/>Made ")
                .append(Html.escape(HtmlTables.shown(Column.Shown.TIME, report.madeAt().toString()))).append(" UTC by Lathe ")
                .append(Html.escape(report.latheVersion())).append(" from its store: ")
                .append(report.members().size()).append(report.members().size() == 1 ? " model, " : " models, ")
                .append(report.devices().size()).append(report.devices().size() == 1 ? " device." : " devices.")
                .append(" Every figure was measured by Lathe on the device named beside it.</p>\n");
        if (report.measuredNothing()) {
            s.append("<p class=\"notice\">Nothing has been measured in this family yet: no evaluation and no "
                    + "benchmark run is stored for any of its models. Run lathe eval and lathe bench on them, then "
                    + "make the report again.</p>\n");
        }
        tree(s, report);
        charts(s, report);
        for (Table t : tables) {
            HtmlTables.append(s, t);
        }
        return s.append("</body>\n</html>\n").toString();
    }

    private static void tree(StringBuilder s, FamilyReport report) {
        s.append("<section id=\"family\">\n<h2>Family</h2>\n<ul class=\"tree\">\n");
        for (Member m : report.members()) {
            String how = m.variant().map(v -> v.provenance().recipeName() + " \u00b7 " + v.provenance().step())
                    .orElse("opened as it is");
            s.append("<li style=\"margin-left: ").append(m.depth() * 1.6).append("em\"")
                    .append(m.model().sha256().equals(report.subject().sha256()) ? " class=\"subject\"" : "")
                    .append('>').append(m.depth() > 0 ? "\u2514 " : "").append("<b>").append(Html.escape(m.name()))
                    .append("</b> <span class=\"dim\">").append(Html.escape(how)).append(" \u00b7 ")
                    .append(HtmlTables.shown(Column.Shown.MIB_OF_BYTES, m.model().fileBytes())).append(" MiB \u00b7 ")
                    .append(Html.escape(m.model().format().displayName())).append(" \u00b7 ")
                    .append(Html.escape(m.model().shortHash())).append("</span></li>\n");
        }
        s.append("</ul>\n</section>\n");
    }

    private static void charts(StringBuilder s, FamilyReport report) {
        s.append("<section id=\"charts\" class=\"charts\">\n<h2>Charts</h2>\n");
        List<ChartPoint> points = ChartPoint.of(report);
        s.append("<div class=\"chart\"><h3>Accuracy against latency, per device</h3>\n");
        if (points.isEmpty()) {
            s.append("<p class=\"empty\">No variant has both an evaluation and a finished benchmark run on the same "
                    + "device.</p>\n");
        } else {
            s.append(SvgCharts.accuracyVsLatency(report, points)).append('\n');
        }
        s.append("</div>\n<div class=\"chart\"><h3>Size per variant</h3>\n").append(SvgCharts.sizes(report))
                .append("\n</div>\n</section>\n");
    }
}
