package dev.lathe.engine.report;

import dev.lathe.engine.files.AtomicFiles;
import dev.lathe.engine.task.LatheException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a family's report into a folder: {@code report.html} (self-contained), {@code report.pdf} (made from that
 * page, when a renderer is given), {@code report.json}, and one CSV file per table. Each file is written whole or not
 * at all; files of an earlier report in the folder are replaced.
 */
public final class ReportWriter {
    public static final String HTML = "report.html";
    public static final String PDF = "report.pdf";
    public static final String JSON = "report.json";

    private final Optional<PdfRenderer> pdf;

    public ReportWriter(Optional<PdfRenderer> pdf) {
        this.pdf = pdf;
    }

    /** The files written, the page first. */
    public record Written(Path folder, Path html, Optional<Path> pdf, Path json, List<Path> csv) {
        public Written {
            csv = List.copyOf(csv);
        }

        public List<Path> all() {
            List<Path> all = new ArrayList<>(List.of(html));
            pdf.ifPresent(all::add);
            all.add(json);
            all.addAll(csv);
            return all;
        }
    }

    /**
     * Refuses a folder that cannot be one, before anything is read: a file, or a path under a file.
     */
    public static void checkFolder(Path dir) throws LatheException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new LatheException(dir + " is a file, not a folder; give a folder to write the report into");
        }
        Path existing = dir.toAbsolutePath().getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new LatheException(dir + " cannot be made: " + existing + " is a file, not a folder");
        }
    }

    public Written write(FamilyReport report, Path dir) throws LatheException {
        checkFolder(dir);
        List<Table> tables = ReportTables.of(report);
        String page = HtmlReport.of(report, tables);
        try {
            Files.createDirectories(dir);
            Path html = text(dir.resolve(HTML), page);
            Optional<Path> pdfFile = Optional.empty();
            if (pdf.isPresent()) {
                Path target = dir.resolve(PDF);
                AtomicFiles.write(target, tmp -> pdf.get().render(page, tmp));
                pdfFile = Optional.of(target);
            }
            Path json = text(dir.resolve(JSON), ReportJson.of(report, tables));
            List<Path> csv = new ArrayList<>();
            for (Table t : tables) {
                csv.add(text(dir.resolve(t.name() + ".csv"), Csv.of(t)));
            }
            return new Written(dir, html, pdfFile, json, csv);
        } catch (IOException e) {
            throw new LatheException("Cannot write the report into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path text(Path target, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(target, tmp -> Files.write(tmp, bytes));
        return target;
    }
}
