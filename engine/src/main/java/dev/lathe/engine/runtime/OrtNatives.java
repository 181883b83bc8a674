package dev.lathe.engine.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks ONNX Runtime's native libraries once into a cache folder and points ONNX Runtime there, because by
 * default it unpacks ~22 MB into the temp folder on every start.
 */
public final class OrtNatives {
    private static final Logger LOG = LoggerFactory.getLogger(OrtNatives.class);
    private static final String PATH_PROPERTY = "onnxruntime.native.path";

    private OrtNatives() {
    }

    /**
     * Must run before the first {@code OrtEnvironment} is created. Leaves ONNX Runtime's own loading in place when
     * the platform's libraries are not in the jar or the cache cannot be written.
     */
    public static synchronized void useCache(Path cacheRoot, String ortVersion) {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        String platform = platform();
        String resourceDir = "/ai/onnxruntime/native/" + platform + "/";
        Path dir = cacheRoot.resolve("onnxruntime-" + ortVersion).resolve(platform);
        try {
            for (String lib : libraries()) {
                extract(resourceDir + lib, dir.resolve(lib));
            }
            System.setProperty(PATH_PROPERTY, dir.toString());
        } catch (IOException e) {
            LOG.warn("Cannot cache ONNX Runtime natives in {}; ONNX Runtime unpacks them itself", dir, e);
        }
    }

    private static void extract(String resource, Path target) throws IOException {
        try (InputStream in = OrtNatives.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " in the ONNX Runtime jar");
            }
            if (Files.isRegularFile(target)) {
                return;
            }
            Files.createDirectories(target.getParent());
            // Copy under a temporary name first, so a second process never loads a half-written library.
            Path tmp = Files.createTempFile(target.getParent(), ".part-", target.getFileName().toString());
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static List<String> libraries() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            return List.of("onnxruntime.dll", "onnxruntime4j_jni.dll");
        }
        String ext = os.contains("mac") ? ".dylib" : ".so";
        return List.of("libonnxruntime" + ext, "libonnxruntime4j_jni" + ext);
    }

    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String cpu = arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : "x64";
        if (os.contains("win")) {
            return "win-" + cpu;
        }
        return (os.contains("mac") ? "osx-" : "linux-") + cpu;
    }
}
