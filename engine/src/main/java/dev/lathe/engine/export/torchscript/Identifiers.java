package dev.lathe.engine.export.torchscript;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * TorchScript names for ONNX names: letters, digits and underscores, never a keyword or a name TorchScript's
 * importer gives a meaning ({@code self}, {@code torch}, {@code training}…), each ONNX name always the same one and
 * no two alike.
 */
final class Identifiers {
    private static final Set<String> RESERVED = Set.of("self", "torch", "training", "forward", "CONSTANTS", "ops",
            "annotate", "uninitialized", "unchecked_cast", "Tensor", "Module", "int", "float", "bool", "str", "list",
            "dict", "tuple", "None", "True", "False", "and", "or", "not", "in", "is", "if", "else", "elif", "for",
            "while", "def", "class", "return", "pass", "break", "continue", "import", "from", "as", "with", "lambda",
            "global", "nonlocal", "del", "assert", "raise", "try", "except", "finally", "yield", "range", "len",
            "math", "inf", "nan", "print", "getattr", "isinstance", "Optional", "List", "Tuple", "Dict", "Any");

    private final Map<String, String> given = new HashMap<>();
    private final Set<String> taken = new HashSet<>();

    String of(String onnxName) {
        String known = given.get(onnxName);
        if (known != null) {
            return known;
        }
        String base = onnxName.replaceAll("[^A-Za-z0-9_]", "_").replaceAll("^_+", "").replaceAll("_+", "_");
        if (base.isEmpty() || Character.isDigit(base.charAt(0)) || RESERVED.contains(base)) {
            base = "v_" + base;
        }
        String name = base;
        for (int i = 1; !taken.add(name); i++) {
            name = base + "_" + i;
        }
        given.put(onnxName, name);
        return name;
    }
}
