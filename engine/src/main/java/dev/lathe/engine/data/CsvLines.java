package dev.lathe.engine.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;

/**
 * The non-blank lines of a CSV file with their line numbers, each at most {@link DatasetLimits#MAX_CSV_LINE}
 * characters: a file of one endless line is refused when that line passes the bound, not when memory runs out.
 */
final class CsvLines {
    private final Reader in;
    private final Path file;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private int lineNumber;

    CsvLines(Reader in, Path file) {
        this.in = in;
        this.file = file;
    }

    /** The physical line number of the line {@link #next()} returned last. */
    int lineNumber() {
        return lineNumber;
    }

    /** The next non-blank line without its line break, or null at the end. */
    String next() throws IOException, DatasetException {
        while (true) {
            String line = nextLine();
            if (line == null || !line.isBlank()) {
                return line;
            }
        }
    }

    private String nextLine() throws IOException, DatasetException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line.length() == 0 ? null : finish(line);
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            line.append(buffer, start, position - start);
            if (line.length() > DatasetLimits.MAX_CSV_LINE) {
                throw new DatasetException(file, "line " + (lineNumber + 1) + " is longer than "
                        + String.format(java.util.Locale.ROOT, "%,d", DatasetLimits.MAX_CSV_LINE)
                        + " characters; Lathe reads CSV rows of up to that (about 4 million values)");
            }
            if (position < limit) {
                position++;
                return finish(line);
            }
        }
    }

    private String finish(StringBuilder line) {
        lineNumber++;
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }
}
