package dev.lathe.engine.recipe;

import java.util.Locale;

/** The floating-point width a {@code convert} step turns weights and compute into. */
public enum Precision {
    FP16, BF16;

    /** As written in a recipe: {@code fp16}, {@code bf16}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
