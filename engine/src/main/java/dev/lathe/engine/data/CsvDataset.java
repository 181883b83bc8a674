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
        List<String[]> records = read(file);
        if (records.size() < 2) {
            throw new DatasetException(file, "needs a header row and at least one data row");
        }
        String[] header = records.get(0);
        int labelAt = labelIndex(file, header, labelColumn);
        int width = header.length;
        float[][] rows = new float[records.size() - 1][width - 1];
        String[] rawLabels = new String[rows.length];
        for (int r = 1; r < records.size(); r++) {
            String[] cells = records.get(r);
            if (cells.length != width) {
                throw new DatasetException(file, "line " + (r + 1) + " has " + cells.length + " columns, the header has " + width);
            }
            rawLabels[r - 1] = cells[labelAt].trim();
            int c = 0;
            for (int i = 0; i < width; i++) {
                if (i != labelAt) {
                    rows[r - 1][c++] = parse(file, cells[i], r + 1, header[i]);
                }
            }
        }
        Map<String, Integer> index = labelIndexes(rawLabels);
        int[] labels = new int[rawLabels.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = index.get(rawLabels[i]);
        }
        List<String> names = new ArrayList<>(java.util.Collections.nCopies(index.size(), ""));
        index.forEach((name, i) -> names.set(i, name));
        return new CsvDataset(file, rows, labels, List.copyOf(names));
    }

    private static List<String[]> read(Path file) throws DatasetException {
        List<String[]> records = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    records.add(line.split(",", -1));
                }
            }
        } catch (IOException e) {
            throw new DatasetException(file, "cannot be read as UTF-8 text: " + e.getMessage(), e);
        }
        return records;
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
                    + String.join(", ", header));
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

    private static Map<String, Integer> labelIndexes(String[] rawLabels) {
        TreeSet<String> distinct = new TreeSet<>(List.of(rawLabels));
        Map<String, Integer> index = new TreeMap<>();
        boolean dense = distinct.stream().allMatch(s -> s.matches("\\d+") && Integer.parseInt(s) < distinct.size());
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
