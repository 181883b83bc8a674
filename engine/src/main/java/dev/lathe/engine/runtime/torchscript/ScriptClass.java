package dev.lathe.engine.runtime.torchscript;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One module class as TorchScript serialises it under {@code code/}: the attributes it declares with their types
 * (submodules have {@code __torch__.} types), its buffer names and its forward signature. TorchScript writes this
 * Python-like source in a fixed layout, which is the only place the archive names module kinds and forward
 * arguments; libtorch's C++ API as DJL exposes it offers neither.
 */
record ScriptClass(String qualifiedName, Map<String, String> attributes, List<String> buffers,
                   Optional<ForwardSignature> forward) {
    private static final Pattern CLASS = Pattern.compile("^class (\\w+)\\((\\w+)\\):\\s*$");
    private static final Pattern ATTRIBUTE = Pattern.compile("^  (\\w+) : ([\\w.]+)\\s*$");
    private static final Pattern ANNOTATION = Pattern.compile("^  __annotations__\\[\"([^\"]+)\"] = ([\\w.]+)\\s*$");
    private static final Pattern BUFFERS = Pattern.compile("^  __buffers__ = \\[(.*)]\\s*$");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    ScriptClass {
        // Declaration order matters: it is the order of submodules in the module tree.
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        buffers = List.copyOf(buffers);
    }

    /** The class name without its package or mangling prefix, like {@code Conv2d}. */
    String simpleName() {
        return qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    }

    /** Submodule attribute names in declaration order, with the qualified class of each. */
    Map<String, String> submodules(Map<String, ScriptClass> known) {
        Map<String, String> children = new LinkedHashMap<>();
        attributes.forEach((name, type) -> {
            if (known.containsKey(type)) {
                children.put(name, type);
            }
        });
        return children;
    }

    /**
     * Reads the {@code Module} classes from one code file; {@code packageName} is the file's path under
     * {@code code/} with dots, like {@code __torch__.torch.nn.modules.conv}.
     */
    static List<ScriptClass> parse(String packageName, String source) {
        List<ScriptClass> classes = new ArrayList<>();
        String[] lines = source.split("\n");
        int i = 0;
        while (i < lines.length) {
            Matcher header = CLASS.matcher(lines[i]);
            i++;
            if (!header.matches()) {
                continue;
            }
            int end = i;
            while (end < lines.length && !CLASS.matcher(lines[end]).matches()) {
                end++;
            }
            if (header.group(2).equals("Module")) {
                classes.add(parseBody(packageName + "." + header.group(1), lines, i, end));
            }
            i = end;
        }
        return classes;
    }

    private static ScriptClass parseBody(String name, String[] lines, int from, int to) {
        Map<String, String> attributes = new LinkedHashMap<>();
        List<String> buffers = new ArrayList<>();
        Optional<ForwardSignature> forward = Optional.empty();
        for (int i = from; i < to; i++) {
            Matcher attribute = ATTRIBUTE.matcher(lines[i]);
            Matcher annotation = ANNOTATION.matcher(lines[i]);
            Matcher buffer = BUFFERS.matcher(lines[i]);
            if (attribute.matches()) {
                attributes.put(attribute.group(1), attribute.group(2));
            } else if (annotation.matches()) {
                attributes.put(annotation.group(1), annotation.group(2));
            } else if (buffer.matches()) {
                Matcher quoted = QUOTED.matcher(buffer.group(1));
                while (quoted.find()) {
                    buffers.add(quoted.group(1));
                }
            } else if (lines[i].startsWith("  def forward(")) {
                forward = ForwardSignature.parse(signatureText(lines, i, to));
            }
        }
        return new ScriptClass(name, attributes, buffers, forward);
    }

    /** A signature may wrap over several lines; it ends at the line whose last character is the colon. */
    private static String signatureText(String[] lines, int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++) {
            text.append(lines[i].strip()).append(' ');
            if (lines[i].stripTrailing().endsWith(":")) {
                break;
            }
        }
        return text.toString().strip();
    }
}
