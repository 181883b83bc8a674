package dev.lathe.app.report;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer.SvgExternalResourceMode;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer.SvgScriptMode;
import com.openhtmltopdf.util.XRLog;
import dev.lathe.engine.report.PdfRenderer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A report's PDF, laid out from its page by openhtmltopdf (PDFBox), its SVG charts drawn by Batik. Nothing outside the
 * page is read: external resources are refused, SVG scripts are off. Text is set in DejaVu Sans where the system has
 * it (it covers far more than Latin), else in the PDF's built-in Helvetica.
 */
public final class PagePdf implements PdfRenderer {
    private static final List<Path> FONT_DIRS = List.of(Path.of("/usr/share/fonts/truetype/dejavu"),
            Path.of("/usr/share/fonts/dejavu"), Path.of("/usr/share/fonts/TTF"));

    static {
        XRLog.setLoggerImpl(new LayoutLog());
    }

    @Override
    public void render(String xhtml, Path pdf) throws IOException {
        PdfRendererBuilder b = new PdfRendererBuilder();
        b.useFastMode();
        b.useSVGDrawer(new BatikSVGDrawer(SvgScriptMode.SECURE, SvgExternalResourceMode.SECURE));
        b.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
        b.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
        fonts(b);
        b.withHtmlContent(xhtml, null);
        try (OutputStream out = Files.newOutputStream(pdf)) {
            b.toStream(out);
            b.run();
        } catch (RuntimeException e) {
            throw new IOException("the PDF could not be laid out: " + e.getMessage(), e);
        }
    }

    private static void fonts(PdfRendererBuilder b) {
        for (Path dir : FONT_DIRS) {
            font(b, dir.resolve("DejaVuSans.ttf"), "DejaVu Sans", 400, FontStyle.NORMAL);
            font(b, dir.resolve("DejaVuSans-Bold.ttf"), "DejaVu Sans", 700, FontStyle.NORMAL);
            font(b, dir.resolve("DejaVuSans-Oblique.ttf"), "DejaVu Sans", 400, FontStyle.ITALIC);
            font(b, dir.resolve("DejaVuSansMono.ttf"), "DejaVu Sans Mono", 400, FontStyle.NORMAL);
        }
    }

    private static void font(PdfRendererBuilder b, Path file, String family, int weight, FontStyle style) {
        if (Files.isRegularFile(file)) {
            b.useFont(file.toFile(), family, weight, style, true);
        }
    }
}
