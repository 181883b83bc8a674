package dev.lathe.engine.parameter;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A step's parameter outside what the step allows, thrown by the constructor of the record that holds it (a
 * {@code QuantizeSpec}, a {@code PruneSchedule}...). Each rule lives there, once: the recipe parser adds the line of
 * {@link #key()} to the message and the Optimize form shows the message beside the field of that key, so a file and
 * the form refuse the same values with the same words.
 *
 * <p>Unchecked because a record's canonical constructor cannot declare a checked exception; code that builds a step
 * from what a user gave (the parser, the form) catches it, and code that builds one from constants never sees it.
 */
public final class ParameterException extends IllegalArgumentException {
    private final String key;

    /**
     * @param key     the parameter as a recipe names it, dotted below the record: {@code percentile}, {@code lr},
     *                {@code schedule.start}
     * @param problem what is wrong and what is allowed, naming the key: {@code 'samples' must be 1 or more, not 0}
     */
    public ParameterException(String key, String problem) {
        super(problem);
        this.key = key;
    }

    /** The parameter at fault as a recipe names it, dotted below the record that refused it. */
    public String key() {
        return key;
    }

    /** Throws naming {@code key} unless {@code holds}. */
    public static void require(boolean holds, String key, String problem) {
        if (!holds) {
            throw new ParameterException(key, problem);
        }
    }

    /** A count (epochs, samples, a batch): a whole number of 1 or more. */
    public static void atLeastOne(long value, String key) {
        require(value >= 1, key, "'" + key + "' must be a whole number, 1 or more, not " + value);
    }

    /** A bounded count: a whole number from 1 to {@code max}, the bound named in the message. */
    public static void fromOneTo(long value, long max, String key) {
        require(value >= 1 && value <= max, key, "'" + key + "' must be a whole number from 1 to "
                + String.format(java.util.Locale.ROOT, "%,d", max) + ", not " + value);
    }

    /** Node-name regexes, each checked to compile, so a typo is refused before any work rather than mid-run. */
    public static void patterns(Iterable<String> patterns, String key) {
        for (String p : patterns) {
            try {
                Pattern.compile(p);
            } catch (PatternSyntaxException bad) {
                throw new ParameterException(key, "'" + key + "' entry \"" + p + "\" is not a valid regular "
                        + "expression: " + bad.getDescription());
            }
        }
    }
}
