package dev.lathe.app.cli;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.task.LatheException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Finds a model the store knows from what a user typed: a model file (by its content's hash), a stored model's name,
 * or the start of its SHA-256 (six hex digits or more). Nothing is opened or recorded.
 */
final class StoredModel {
    static final int SHORTEST_HASH = 6;

    private StoredModel() {
    }

    static ModelRecord find(Workbench workbench, String given) throws LatheException {
        Path file = Path.of(given);
        if (Files.isRegularFile(file)) {
            String sha;
            try {
                sha = Hashing.sha256(file);
            } catch (IOException e) {
                throw new LatheException(given + " cannot be read: " + e.getMessage(), e);
            }
            return workbench.model(sha).orElseThrow(() -> new LatheException(file.getFileName() + " is not in "
                    + "Lathe's store; evaluate or benchmark it first (lathe eval, lathe bench), then report on it"));
        }
        List<ModelRecord> all = workbench.models();
        List<ModelRecord> named = all.stream().filter(m -> m.name().equals(given)).toList();
        String prefix = given.toLowerCase(Locale.ROOT);
        List<ModelRecord> hashed = prefix.length() >= SHORTEST_HASH && prefix.matches("[0-9a-f]+")
                ? all.stream().filter(m -> m.sha256().startsWith(prefix)).toList() : List.of();
        List<ModelRecord> found = named.isEmpty() ? hashed : named;
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            throw new LatheException("No model file, stored model name or SHA-256 is " + given + "; give a model "
                    + "file Lathe has opened, a stored model's name, or the start of its SHA-256");
        }
        throw new LatheException(found.size() + " stored models match " + given + " ("
                + found.stream().map(ModelRecord::shortHash).collect(Collectors.joining(", "))
                + "); give the start of one's SHA-256");
    }
}
