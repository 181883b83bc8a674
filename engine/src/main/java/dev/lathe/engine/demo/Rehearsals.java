package dev.lathe.engine.demo;

import dev.lathe.engine.demo.Rehearsal.RecordedSeries;
import dev.lathe.engine.demo.Rehearsal.Sample;
import dev.lathe.engine.files.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where rehearsals are kept ({@code <root>/<scenario>-<hash of its path>/<yyyyMMdd-HHmmss>/}) and how they are read
 * back. The newest readable recording of a scenario is the one a stage run falls back on.
 */
public final class Rehearsals {
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path root;

    public Rehearsals(Path root) {
        this.root = root;
    }

    /** A new, not yet existing folder to record a run of {@code scenario} into. */
    public Path newFolder(DemoScenario scenario) {
        Path base = folderOf(scenario);
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(FOLDER);
        Path folder = base.resolve(stamp);
        for (int i = 2; Files.exists(folder); i++) {
            folder = base.resolve(stamp + "-" + i);
        }
        return folder;
    }

    /** The newest recording of {@code scenario} that can be read, if any. */
    public Optional<Rehearsal> latest(DemoScenario scenario) {
        return newest(scenario, r -> true);
    }

    /** The newest readable recording of {@code scenario} in which step {@code number} ran to its end. */
    public Optional<Rehearsal> latestWith(DemoScenario scenario, int number) {
        return newest(scenario, r -> r.done(number).isPresent());
    }

    private Optional<Rehearsal> newest(DemoScenario scenario, java.util.function.Predicate<Rehearsal> wanted) {
        Path base = folderOf(scenario);
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        List<Path> folders;
        try (Stream<Path> list = Files.list(base)) {
            folders = list.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString).reversed()).toList();
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        for (Path f : folders) {
            try {
                Rehearsal r = read(f);
                if (wanted.test(r)) {
                    return Optional.of(r);
                }
            } catch (DemoException brokenRecording) {
                // an older one may still serve
            }
        }
        return Optional.empty();
    }

    private Path folderOf(DemoScenario scenario) {
        String stem = String.valueOf(scenario.file().getFileName()).replaceFirst("\\.ya?ml$", "")
                .replaceAll("[^A-Za-z0-9._-]", "_");
        return root.resolve(stem + "-" + hash(scenario.file().toAbsolutePath().normalize().toString()));
    }

    /** Reads the recording in {@code folder}. */
    public static Rehearsal read(Path folder) throws DemoException {
        Path index = folder.resolve(RehearsalRecorder.INDEX);
        if (!Files.isRegularFile(index)) {
            throw new DemoException(folder + " holds no recording (no " + RehearsalRecorder.INDEX + "): rehearse the "
                    + "demo first with 'lathe demo run FILE --headless --record " + folder + "'");
        }
        try {
            Rehearsal read = Json.mapper().readValue(index.toFile(), Rehearsal.class);
            if (read.steps() == null || read.recordedAt() == null) {
                throw new DemoException(index + " is not a Lathe rehearsal: record the demo again");
            }
            read.recorded();
            return new Rehearsal(folder, read.title(), read.scenario(), read.recordedAt(), read.steps());
        } catch (IOException | RuntimeException e) {
            throw new DemoException(index + " cannot be read (" + e.getClass().getSimpleName() + "): record the demo "
                    + "again", e);
        }
    }

    /** The samples of one series, in the order they arrived. */
    public static List<Sample> samples(Rehearsal rehearsal, RecordedSeries series) throws DemoException {
        Path file = rehearsal.folder().resolve(series.file()).normalize();
        if (!file.startsWith(rehearsal.folder().normalize())) {
            throw new DemoException(series.file() + " is outside " + rehearsal.folder() + ": record the demo again");
        }
        List<Sample> out = new ArrayList<>(series.count());
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            int n = 1;
            while ((line = in.readLine()) != null) {
                n++;
                int comma = line.indexOf(',');
                try {
                    out.add(new Sample(Long.parseLong(line.substring(0, comma)) * 1000,
                            Long.parseLong(line.substring(comma + 1))));
                } catch (RuntimeException e) {
                    throw new DemoException(file.getFileName() + " line " + n + ": not 'at_us,latency_ns': record the "
                            + "demo again", e);
                }
            }
        } catch (IOException e) {
            throw new DemoException(file + " cannot be read: " + e.getMessage() + ": record the demo again", e);
        }
        return out;
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
