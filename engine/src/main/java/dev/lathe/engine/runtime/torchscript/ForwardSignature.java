package dev.lathe.engine.runtime.torchscript;

import dev.lathe.engine.model.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A module's {@code forward} as TorchScript declares it: argument names and TorchScript types (without
 * {@code self}), and the return type. TorchScript types say "Tensor" without dtype or shape.
 */
record ForwardSignature(List<Argument> arguments, String returns) {
    private static final String START = "def forward(";

    ForwardSignature {
        arguments = List.copyOf(arguments);
    }

    record Argument(String name, String type) {
        ElementType elementType() {
            return ForwardSignature.elementType(type);
        }
    }

    /**
     * A TorchScript {@code float} is a double and an {@code int} a 64-bit integer; a {@code Tensor} declares no
     * dtype, so it is {@link ElementType#OTHER} rather than a guess.
     */
    static ElementType elementType(String torchScriptType) {
        return switch (torchScriptType) {
            case "int" -> ElementType.INT64;
            case "float" -> ElementType.DOUBLE;
            case "bool" -> ElementType.BOOL;
            case "str" -> ElementType.STRING;
            default -> ElementType.OTHER;
        };
    }

    /** The return type's parts: {@code Tuple[Tensor, Tensor]} gives two, anything else one. */
    List<String> returnParts() {
        if (returns.startsWith("Tuple[") && returns.endsWith("]")) {
            return splitTopLevel(returns.substring("Tuple[".length(), returns.length() - 1));
        }
        return List.of(returns);
    }

    /** Parses {@code def forward(self: T, x: Tensor) -> Tensor:}; empty when the text has another shape. */
    static Optional<ForwardSignature> parse(String text) {
        int open = text.indexOf(START);
        int close = matchingParen(text, open + START.length() - 1);
        int arrow = close < 0 ? -1 : text.indexOf("->", close);
        if (open < 0 || close < 0 || arrow < 0) {
            return Optional.empty();
        }
        List<Argument> arguments = new ArrayList<>();
        List<String> parts = splitTopLevel(text.substring(open + START.length(), close));
        for (String part : parts.subList(Math.min(1, parts.size()), parts.size())) {
            int colon = part.indexOf(':');
            String name = colon < 0 ? part : part.substring(0, colon);
            String type = colon < 0 ? "" : withoutDefault(part.substring(colon + 1));
            arguments.add(new Argument(name.strip(), type));
        }
        String returns = text.substring(arrow + 2).strip();
        if (returns.endsWith(":")) {
            returns = returns.substring(0, returns.length() - 1).strip();
        }
        return Optional.of(new ForwardSignature(arguments, returns));
    }

    private static String withoutDefault(String type) {
        int equals = type.indexOf('=');
        return (equals < 0 ? type : type.substring(0, equals)).strip();
    }

    private static int matchingParen(String text, int open) {
        if (open < 0 || open >= text.length() || text.charAt(open) != '(') {
            return -1;
        }
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '(' || c == '[' ? 1 : c == ')' || c == ']' ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Splits at commas outside brackets, so {@code Tuple[Tensor, Tensor]} stays one part. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).strip());
        parts.removeIf(String::isEmpty);
        return parts;
    }
}
