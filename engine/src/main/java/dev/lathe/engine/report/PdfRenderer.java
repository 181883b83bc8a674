package dev.lathe.engine.report;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns a report's page (well-formed XHTML with inline SVG, no external resources) into a PDF. The engine stays free
 * of a PDF library, so the agent does not carry one; the app gives the workbench a renderer.
 */
@FunctionalInterface
public interface PdfRenderer {
    void render(String xhtml, Path pdf) throws IOException;
}
