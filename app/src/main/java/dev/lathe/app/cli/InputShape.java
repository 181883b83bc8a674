package dev.lathe.app.cli;

import java.util.Arrays;
import picocli.CommandLine;

/** Parses {@code 1x1x28x28} into a shape. */
final class InputShape implements CommandLine.ITypeConverter<long[]> {
    @Override
    public long[] convert(String value) {
        try {
            long[] dims = Arrays.stream(value.trim().toLowerCase(java.util.Locale.ROOT).split("[x×,]"))
                    .mapToLong(Long::parseLong).toArray();
            if (dims.length < 2 || Arrays.stream(dims).anyMatch(d -> d < 1)) {
                throw new NumberFormatException();
            }
            return dims;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a shape; write positive sizes joined by x, batch first, like 1x1x28x28");
        }
    }
}
