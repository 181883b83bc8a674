package dev.lathe.engine.runtime.torchscript;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The CNN made by {@code make_fixture.py} and what PyTorch said about it. Tests share one natives cache, so only
 * the first run on a machine unpacks libtorch: {@code -Dlathe.cache.dir=...} or {@code ~/.cache/lathe/djl}.
 */
final class TorchScriptFixture {
    static final PyTorchEngine PYTORCH = new PyTorchEngine(cacheDir());

    private final Map<String, String> lines = new LinkedHashMap<>();
    private final Map<String, String> parameterShapes = new LinkedHashMap<>();

    private TorchScriptFixture(List<String> text) {
        for (String line : text) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] keyValue = line.split(" ", 2);
            if (keyValue[0].equals("parameter")) {
                String[] nameShape = keyValue[1].split(" ");
                parameterShapes.put(nameShape[0], nameShape[1]);
            } else {
                lines.put(keyValue[0], keyValue[1]);
            }
        }
    }

    static TorchScriptFixture load() {
        try {
            return new TorchScriptFixture(Files.readAllLines(resource("fashion_cnn.expected.txt")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path model() {
        return resource("fashion_cnn.pt");
    }

    long parameters() {
        return Long.parseLong(lines.get("parameters"));
    }

    long parameterBytes() {
        return Long.parseLong(lines.get("parameter_bytes"));
    }

    /** Parameter name to shape like {@code 8x1x3x3}, in PyTorch's order. */
    Map<String, String> parameterShapes() {
        return parameterShapes;
    }

    long[] inputShape() {
        return Arrays.stream(lines.get("input_shape").split(" ")).mapToLong(Long::parseLong).toArray();
    }

    float[] logits() {
        String[] values = lines.get("logits").split(" ");
        float[] logits = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            logits[i] = Float.parseFloat(values[i]);
        }
        return logits;
    }

    /** The script's input recipe, {@code x[i] = (i % 17) / 17}, repeated for every item of a batch. */
    static float[] recipeInput(int batch) {
        float[] data = new float[batch * 784];
        for (int i = 0; i < data.length; i++) {
            data[i] = (i % 784 % 17) / 17f;
        }
        return data;
    }

    /** Copies the model to {@code dir} with all but the first {@code keep} bytes cut off. */
    static Path truncatedCopy(Path dir, int keep) throws IOException {
        byte[] bytes = Files.readAllBytes(model());
        return Files.write(dir.resolve("truncated.pt"), Arrays.copyOf(bytes, keep));
    }

    /** Writes a zip of the given entries, stored in order. */
    static Path zip(Path target, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return target;
    }

    /** A copy of the model, still a valid zip, whose entries ending in {@code suffix} hold {@code content}. */
    static Path copyReplacing(Path target, String suffix, byte[] content) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(model().toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), entry.getName().endsWith(suffix) ? content : in.readAllBytes());
                }
            }
        }
        return zip(target, entries);
    }

    private static Path resource(String name) {
        try {
            return Path.of(TorchScriptFixture.class.getResource("/torchscript/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path cacheDir() {
        String configured = System.getProperty("lathe.cache.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "lathe", "djl");
    }
}
