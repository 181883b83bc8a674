package dev.lathe.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.report.ReportSamples;
import dev.lathe.engine.report.ReportWriter;
import dev.lathe.engine.store.StoredEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PDF of a report of a family measured for real, read back with PDFBox. */
class PagePdfTest {
    @TempDir
    Path tmp;

    @Test
    void theReportsPdfHasLandscapePagesWithTheStoredFiguresAndItsChartsDrawn() throws Exception {
        ReportSamples.Family family = ReportSamples.measured(tmp, Optional.of(new PagePdf()));
        ReportWriter.Written written = family.workbench().report(family.root(), tmp.resolve("report"));

        Path pdf = written.pdf().orElseThrow();
        assertThat(new String(Files.readAllBytes(pdf), 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1))
                .isEqualTo("%PDF-");
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertThat(doc.getNumberOfPages()).isPositive();
            PDPage first = doc.getPage(0);
            assertThat(first.getMediaBox().getWidth()).as("A4 landscape").isGreaterThan(first.getMediaBox().getHeight());
            String text = new PDFTextStripper().getText(doc);
            StoredEvaluation variantAccuracy = family.workbench().evaluations(family.variant().model()).get(0);
            assertThat(text).contains("cnn.onnx", family.variant().model().name(), "Provenance",
                    String.format(Locale.ROOT, "%.2f %%", variantAccuracy.result().top1() * 100));
            assertThat(first.getResources().getXObjectNames()).as("the SVG charts, drawn as forms on page 1")
                    .anySatisfy(name -> assertThat(first.getResources().getXObject(name))
                            .isInstanceOf(PDFormXObject.class));
        }
    }
}
