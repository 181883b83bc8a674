package dev.lathe.engine.data;

import dev.lathe.engine.provenance.Hashing;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A table with a header row: numeric feature columns and one label column (named "label", "class" or "target",
 * else the last). Labels that are the integers 0..K-1 keep their value; other labels are numbered in sorted order.
 */
final class CsvDataset implements Dataset {
    private final Path file;
    private final float[][] rows;
    private final int[] labels;
    private final List<String> classNames;

    private CsvDataset(Path file, float[][] rows, int[] labels, List<String> classNames) {
        this.file = file;
        this.rows = rows;
        this.labels = labels;
        this.classNames = classNames;
    }

    static CsvDataset open(Path file, Optional<String> labelColumn) throws DatasetException {
        try {
            if (Files.size(file) > DatasetLimits.MAX_CSV_BYTES) {
                throw new DatasetException(file, "is " + String.format(java.util.Locale.ROOT, "%,d", Files.size(file))
                        + " bytes; Lathe reads CSV files of up to 1,073,741,824 (1 GiB)");
            }
        } catch (IOException e) {
            throw new DatasetException(file, "cannot be read: " + e.getMessage(), e);
        }
        List<float[]> rows = new ArrayList<>();
        List<String> rawLabels = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CsvLines lines = new CsvLines(in, file);
            String first = lines.next();
            String[] header = first == null ? new String[0] : first.split(",", -1);
            int labelAt = labelIndex(file, header, labelColumn);
            long values = 0;
            for (String line = lines.next(); line != null; line = lines.next()) {
                String[] cells = line.split(",", -1);
                if (cells.length != header.length) {
                    throw new DatasetException(file, "line " + lines.lineNumber() + " has " + cells.length
                            + " columns, the header has " + header.length);
                }
                values += cells.length - 1;
                if (values > DatasetLimits.MAX_CSV_VALUES) {
                    throw new DatasetException(file, "holds more than " + String.format(java.util.Locale.ROOT, "%,d",
                            DatasetLimits.MAX_CSV_VALUES) + " values; Lathe reads CSV files of up to that (1 GiB of "
                            + "float)");
                }
                rows.add(row(file, header, cells, labelAt, lines.lineNumber()));
                rawLabels.add(cells[labelAt].trim());
            }
        } catch (IOException e) {
            throw new DatasetException(file, "cannot be read as UTF-8 text: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new DatasetException(file, "needs a header row and at least one data row");
        }
        Map<String, Integer> index = labelIndexes(file, rawLabels);
        int[] labels = rawLabels.stream().mapToInt(index::get).toArray();
        List<String> names = new ArrayList<>(java.util.Collections.nCopies(index.size(), ""));
        index.forEach((name, i) -> names.set(i, name));
        return new CsvDataset(file, rows.toArray(new float[0][]), labels, List.copyOf(names));
    }

    private static float[] row(Path file, String[] header, String[] cells, int labelAt, int line) throws DatasetException {
        float[] row = new float[cells.length - 1];
        int c = 0;
        for (int i = 0; i < cells.length; i++) {
            if (i != labelAt) {
                row[c++] = parse(file, cells[i], line, header[i]);
            }
        }
        return row;
    }

    private static int labelIndex(Path file, String[] header, Optional<String> wanted) throws DatasetException {
        for (int i = 0; i < header.length; i++) {
            String h = header[i].trim();
            if (wanted.map(h::equals).orElse(h.equalsIgnoreCase("label") || h.equalsIgnoreCase("class")
                    || h.equalsIgnoreCase("target"))) {
                return i;
            }
        }
        if (wanted.isPresent()) {
            throw new DatasetException(file, "has no column named '" + wanted.get() + "'; its columns are "
                    + String.join(", ", java.util.Arrays.asList(header).subList(0, Math.min(header.length, 20)))
                    + (header.length > 20 ? " and " + (header.length - 20) + " more" : ""));
        }
        return header.length - 1;
    }

    private static float parse(Path file, String cell, int line, String column) throws DatasetException {
        try {
            return Float.parseFloat(cell.trim());
        } catch (NumberFormatException e) {
            throw new DatasetException(file, "line " + line + ", column '" + column.trim() + "': '" + cell
                    + "' is not a number");
        }
    }

    /**
     * Labels 0..K-1 keep their value, others are numbered in sorted order. More classes than
     * {@link DatasetLimits#MAX_CLASSES} is a column of measurements, not of classes.
     */
    private static Map<String, Integer> labelIndexes(Path file, List<String> rawLabels) throws DatasetException {
        TreeSet<String> distinct = new TreeSet<>(rawLabels);
        if (distinct.size() > DatasetLimits.MAX_CLASSES) {
            throw new DatasetException(file, "has " + String.format(java.util.Locale.ROOT, "%,d", distinct.size())
                    + " different labels; Lathe evaluates classifiers of up to " + String.format(java.util.Locale.ROOT,
                    "%,d", DatasetLimits.MAX_CLASSES) + " classes: is the label column a measurement rather than a "
                    + "class? Choose another with --label-column");
        }
        Map<String, Integer> index = new TreeMap<>();
        // At most 9 digits: a label like 10^12 is a name, not an index (and no int).
        boolean dense = distinct.stream().allMatch(s -> s.matches("\\d{1,9}") && Integer.parseInt(s) < distinct.size());
        int next = 0;
        for (String label : distinct) {
            index.put(label, dense ? Integer.parseInt(label) : next++);
        }
        return index;
    }

    @Override
    public String name() {
        return file.getFileName().toString();
    }

    @Override
    public DatasetFormat format() {
        return DatasetFormat.CSV;
    }

    @Override
    public int size() {
        return rows.length;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public Optional<ImageGeometry> imageGeometry() {
        return Optional.empty();
    }

    @Override
    public Optional<Integer> featureCount() {
        return Optional.of(rows.length == 0 ? 0 : rows[0].length);
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public RawSample sample(int index) {
        return new RawSample.Features(rows[index].clone());
    }

    @Override
    public String sha256() throws DatasetException {
        try {
            return Hashing.sha256(file);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot be read: " + e.getMessage(), e);
        }
    }
}
