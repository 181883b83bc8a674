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
    /** A recipe file's size: the longest in recipes/ is under 2 KB; an exclude list of a thousand layers is ~50 KB. */
    public static final int MAX_BYTES = 1 << 20;
    /** How deep mappings and lists nest in a recipe: its own structure needs 7 levels. */
    public static final int MAX_NESTING = 20;

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
