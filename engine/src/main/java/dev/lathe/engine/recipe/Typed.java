package dev.lathe.engine.recipe;

/**
 * A value as a user typed it into a form, for {@link RecipeParser#step}: read exactly as the same text after a key
 * in a recipe file is (a whole or decimal number, true or false, else text), so the form and a file agree on every
 * value and on the words of every refusal ({@code 'batch' must be a whole number, not '7.'}).
 */
public record Typed(String text) {
    public Typed {
        text = text == null ? "" : text.strip();
    }
}
