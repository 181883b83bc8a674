package dev.lathe.engine.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A demo a presenter steps through (format {@code lathe-demo: 1}, docs/demos.md): a title and numbered steps, each
 * announced by its caption. Paths in it are already resolved against the scenario file's folder.
 *
 * @param file where it was read from; a recording names it
 */
public record DemoScenario(String title, Path file, List<DemoStep> steps) {
    public static final int VERSION = 1;

    public DemoScenario {
        Objects.requireNonNull(title);
        Objects.requireNonNull(file);
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a demo has at least one step");
        }
    }

    /** Step {@code number}, counted from 1 as captions and messages count them. */
    public DemoStep step(int number) {
        return steps.get(number - 1);
    }
}
