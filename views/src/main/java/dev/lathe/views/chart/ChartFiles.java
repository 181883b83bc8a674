package dev.lathe.views.chart;

import dev.lathe.engine.task.LatheException;
import dev.lathe.views.common.ErrorSink;
import dev.lathe.views.task.TaskRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.ui.Drawable;

/**
 * Saves what a chart shows as a file: drawn at once, on the FX thread where charts change, and written on a
 * background thread (a PNG twice the size of a large chart takes a while to encode). A failure is one line through the
 * window's error sink.
 */
public final class ChartFiles {
    private final TaskRunner tasks;
    private final ErrorSink errors;
    /** Where the last chart was saved, proposed for the next one; read and written on the FX thread. */
    private Path lastFolder;

    public ChartFiles(TaskRunner tasks, ErrorSink errors) {
        this.tasks = tasks;
        this.errors = errors;
    }

    /** Call on the FX thread. */
    public void save(Drawable chart, double width, double height, ChartFormat format, Path file) {
        lastFolder = file.toAbsolutePath().getParent();
        ChartFormat.Picture picture = format.draw(chart, width, height);
        tasks.run("Saving " + file.getFileName(), p -> {
            try {
                picture.writeTo(file);
            } catch (IOException e) {
                throw new LatheException("Could not save the chart as " + file + ": " + reason(e), e);
            }
            return file;
        }, written -> { }, errors::report);
    }

    public java.util.Optional<Path> lastFolder() {
        return java.util.Optional.ofNullable(lastFolder);
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "no permission to write there";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "its folder does not exist";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * A file name from a chart's title or a model's name: letters, digits, dots and dashes kept, the rest one dash,
     * so "Accuracy vs latency" becomes {@code accuracy-vs-latency.svg}.
     */
    public static String fileName(String title, ChartFormat format) {
        String stem = title.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}._-]+", "-")
                .replaceAll("^-+|-+$", "");
        return (stem.isEmpty() ? "chart" : stem) + "." + format.extension();
    }
}
