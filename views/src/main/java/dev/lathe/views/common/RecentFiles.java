package dev.lathe.views.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last few model files a user opened, newest first, kept in a properties file. Reading and writing touch the
 * disk, so call them off the FX thread. A file that cannot be read or written only costs the list, never an open.
 */
public final class RecentFiles {
    public static final int CAPACITY = 8;
    private static final Logger LOG = LoggerFactory.getLogger(RecentFiles.class);
    private static final String KEY = "recent.";

    private final Path file;
    private List<Path> paths;

    public RecentFiles(Path file) {
        this.file = file;
    }

    /** The folder the list is kept in: Lathe's data folder, where the window keeps its other files too. */
    public Path folder() {
        return file.toAbsolutePath().getParent();
    }

    public synchronized List<Path> list() {
        if (paths == null) {
            paths = read();
        }
        return List.copyOf(paths);
    }

    /** Moves {@code path} to the front and saves; returns the new list. */
    public synchronized List<Path> add(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        List<Path> next = new ArrayList<>(list());
        next.remove(absolute);
        next.add(0, absolute);
        paths = List.copyOf(next.subList(0, Math.min(CAPACITY, next.size())));
        write();
        return paths;
    }

    private List<Path> read() {
        Properties props = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("Cannot read the recent files list {}; starting a new one", file, e);
            }
        }
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < CAPACITY; i++) {
            String value = props.getProperty(KEY + i);
            if (value != null && !value.isBlank()) {
                out.add(Path.of(value));
            }
        }
        return out;
    }

    private void write() {
        Properties props = new Properties();
        for (int i = 0; i < paths.size(); i++) {
            props.setProperty(KEY + i, paths.get(i).toString());
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            // Write beside and move, so a crash never leaves half a list.
            Path tmp = Files.createTempFile(dir, ".recent-", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                props.store(out, "Lathe: recently opened models");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Cannot save the recent files list {}", file, e);
        }
    }
}
