package dev.lathe.engine.model.onnx;

import dev.lathe.engine.model.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ONNX files that passed {@link NativeSafety}, remembered by path, size and modification time, so that a model run
 * again and again (a benchmark per variant and device) is parsed for its check once.
 */
public final class CheckedModels {
    private final Set<String> passed = ConcurrentHashMap.newKeySet();

    /** Reads {@code file} and checks it, unless it passed before unchanged; messages call it {@code name}. */
    public void check(Path file, String name) throws ModelFormatException {
        String key = key(file);
        if (key != null && passed.contains(key)) {
            return;
        }
        OnnxModel.read(file, name);
        if (key != null) {
            passed.add(key);
        }
    }

    private static String key(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return file.toAbsolutePath() + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return null;
        }
    }
}
