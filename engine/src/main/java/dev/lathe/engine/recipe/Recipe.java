package dev.lathe.engine.recipe;

import java.util.List;

/**
 * A parsed, validated recipe with every default filled in. {@code seed} picks the calibration examples, so the same
 * recipe on the same parent and data makes the same variant.
 */
public record Recipe(int version, String name, long seed, List<RecipeStep> steps) {
    /** The only recipe format version this Lathe reads and writes. */
    public static final int VERSION = 1;
    public static final long DEFAULT_SEED = 0;

    public Recipe {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a recipe needs at least one step");
        }
    }

    public Recipe(String name, List<RecipeStep> steps) {
        this(VERSION, name, DEFAULT_SEED, steps);
    }
}
