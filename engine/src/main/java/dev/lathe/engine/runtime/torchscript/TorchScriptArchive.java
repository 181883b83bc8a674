package dev.lathe.engine.runtime.torchscript;

import dev.lathe.engine.model.ModelFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a TorchScript file says about itself without running libtorch: it is a zip with one top folder holding
 * {@code data.pkl} (the pickled module tree), {@code code/} (the module classes as TorchScript source) and a format
 * version. Reading it first turns damaged files and plain {@code torch.save} checkpoints into clear messages, and
 * gives the module kinds and forward signature that DJL cannot report.
 */
final class TorchScriptArchive {
    private static final int MAX_CODE_BYTES = 8 * 1024 * 1024;
    private static final int PICKLE_HEAD_BYTES = 512;

    private final String rootType;
    private final Optional<String> formatVersion;
    private final Map<String, ScriptClass> classes;

    private TorchScriptArchive(String rootType, Optional<String> formatVersion, Map<String, ScriptClass> classes) {
        this.rootType = rootType;
        this.formatVersion = formatVersion;
        this.classes = classes;
    }

    static TorchScriptArchive read(Path file) throws ModelFormatException {
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file, "does not exist or is not a file");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String folder = topFolder(zip).orElseThrow(() -> new ModelFormatException(file,
                    "is a zip archive but not a PyTorch one (it has no data.pkl record). Choose a TorchScript"
                            + " file saved with torch.jit.save."));
            Map<String, ScriptClass> classes = readCode(zip, folder);
            if (classes.isEmpty()) {
                throw new ModelFormatException(file, "is a PyTorch checkpoint saved with torch.save, not TorchScript"
                        + " (it has no code/ folder). Export the model with torch.jit.trace(model, example).save(path)"
                        + " or torch.jit.script(model).save(path).");
            }
            String root = rootType(zip, folder).orElse("");
            return new TorchScriptArchive(root, formatVersion(zip, folder), classes);
        } catch (IOException e) {
            throw new ModelFormatException(file, "is damaged or truncated (" + e.getMessage() + "); a TorchScript"
                    + " file is a complete zip archive. Copy or export the model again.", e);
        }
    }

    /** Qualified class of the root module, like {@code __torch__.FashionCnn}; empty if the pickle is unusual. */
    String rootType() {
        return rootType;
    }

    Optional<String> formatVersion() {
        return formatVersion;
    }

    Optional<ScriptClass> rootClass() {
        return Optional.ofNullable(classes.get(rootType));
    }

    /** Every submodule by its dotted path ({@code features.0}), in declaration order, depth first. */
    Map<String, ScriptClass> modules() {
        Map<String, ScriptClass> modules = new LinkedHashMap<>();
        rootClass().ifPresent(root -> collect(root, "", modules, 0));
        return modules;
    }

    /** Buffer tensors (like batch-norm running statistics) by dotted path; they hold weights but are not parameters. */
    List<String> buffers() {
        List<String> buffers = new ArrayList<>();
        rootClass().ifPresent(root -> root.buffers().forEach(buffers::add));
        modules().forEach((path, module) -> module.buffers().forEach(b -> buffers.add(path + "." + b)));
        return buffers;
    }

    /** How many modules of each kind have no submodules: the modules that do the computing, like ONNX nodes. */
    Map<String, Integer> leafModuleKinds() {
        Map<String, Integer> kinds = new TreeMap<>();
        for (ScriptClass module : modules().values()) {
            if (module.submodules(classes).isEmpty()) {
                kinds.merge(module.simpleName(), 1, Integer::sum);
            }
        }
        return kinds;
    }

    private void collect(ScriptClass module, String prefix, Map<String, ScriptClass> into, int depth) {
        if (depth > 64) {
            return; // TorchScript module trees cannot cycle; this only guards against a hand-made archive.
        }
        module.submodules(classes).forEach((name, type) -> {
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            ScriptClass child = classes.get(type);
            into.put(path, child);
            collect(child, path, into, depth + 1);
        });
    }

    private static Optional<String> topFolder(ZipFile zip) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash + 1).equals("data.pkl")) {
                return Optional.of(name.substring(0, slash));
            }
        }
        return Optional.empty();
    }

    private static Map<String, ScriptClass> readCode(ZipFile zip, String folder) throws IOException {
        String codePrefix = folder + "/code/";
        Map<String, ScriptClass> classes = new LinkedHashMap<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
            String name = entry.getName();
            if (!name.startsWith(codePrefix) || !name.endsWith(".py")) {
                continue;
            }
            String packageName = name.substring(codePrefix.length(), name.length() - ".py".length()).replace('/', '.');
            for (ScriptClass c : ScriptClass.parse(packageName, readText(zip, entry, MAX_CODE_BYTES))) {
                classes.put(c.qualifiedName(), c);
            }
        }
        return classes;
    }

    /**
     * The pickle opens with the root object's class as a GLOBAL opcode: {@code c<module>\n<name>\n} after the
     * two-byte protocol header. That one opcode is all Lathe needs from the pickle.
     */
    private static Optional<String> rootType(ZipFile zip, String folder) throws IOException {
        ZipEntry entry = zip.getEntry(folder + "/data.pkl");
        byte[] head;
        try (InputStream in = zip.getInputStream(entry)) {
            head = in.readNBytes(PICKLE_HEAD_BYTES);
        }
        int start = head.length > 2 && (head[0] & 0xff) == 0x80 ? 2 : 0;
        if (head.length <= start || head[start] != 'c') {
            return Optional.empty();
        }
        String[] parts = new String(head, start + 1, head.length - start - 1, StandardCharsets.UTF_8).split("\n", 3);
        return parts.length < 3 ? Optional.empty() : Optional.of(parts[0] + "." + parts[1]);
    }

    /** Written as {@code version} by older PyTorch and {@code .data/version} by newer. */
    private static Optional<String> formatVersion(ZipFile zip, String folder) throws IOException {
        for (String name : new String[] {folder + "/version", folder + "/.data/version"}) {
            ZipEntry entry = zip.getEntry(name);
            if (entry != null) {
                return Optional.of(readText(zip, entry, 64).strip());
            }
        }
        return Optional.empty();
    }

    private static String readText(ZipFile zip, ZipEntry entry, int maxBytes) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readNBytes(maxBytes), StandardCharsets.UTF_8);
        }
    }
}
