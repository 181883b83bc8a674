package dev.lathe.app.cli;

import dev.lathe.engine.model.ShapeLimits;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine;

/** An input shape given as {@code 1x1x28x28}, batch first. A type of its own, so picocli sees one value, not a list. */
record InputShape(long[] dims) {

    static final class Converter implements CommandLine.ITypeConverter<InputShape> {
        @Override
        public InputShape convert(String value) {
            try {
                long[] dims = Arrays.stream(value.trim().toLowerCase(Locale.ROOT).split("[x×,]"))
                        .mapToLong(Long::parseLong).toArray();
                if (dims.length < 2 || Arrays.stream(dims).anyMatch(d -> d < 1)) {
                    throw new NumberFormatException();
                }
                ShapeLimits.inputProblem(dims).ifPresent(problem -> {
                    throw new CommandLine.TypeConversionException(problem);
                });
                return new InputShape(dims);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a shape; write positive sizes joined by x, batch first, like 1x1x28x28");
            }
        }
    }
}
