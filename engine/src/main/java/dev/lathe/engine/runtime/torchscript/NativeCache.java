package dev.lathe.engine.runtime.torchscript;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the folder where DJL unpacks libtorch. DJL reuses an unpacked folder without checking it, and loading a
 * damaged library kills the JVM (SIGBUS inside dlopen, no exception), so one damaged file would crash Lathe on every
 * TorchScript model from then on. A folder whose libraries differ in size from the bundled ones is removed before
 * DJL looks, and DJL unpacks it afresh.
 */
final class NativeCache {
    private static final Logger LOG = LoggerFactory.getLogger(NativeCache.class);
    private static final String NATIVE_PROPERTIES = "native/lib/pytorch.properties";
    private static final String JNI_PROPERTIES = "jnilib/pytorch.properties";

    private NativeCache() {
    }

    /** Removes the cached libtorch folder of the bundled version if any library in it is missing or the wrong size. */
    static void discardDamaged(Path cacheDir) {
        Optional<Properties> natives = properties(NATIVE_PROPERTIES);
        if (natives.isEmpty()) {
            return; // No bundled natives: DJL will say so itself when it starts.
        }
        Properties p = natives.get();
        String flavor = p.getProperty("flavor", "");
        String classifier = p.getProperty("classifier", "");
        // DJL's own layout: <cache>/pytorch/<version>-<flavor>-<classifier>/
        Path folder = cacheDir.resolve("pytorch").resolve(p.getProperty("version", "") + "-" + flavor + "-" + classifier);
        if (!Files.isDirectory(folder)) {
            return;
        }
        for (Bundled lib : bundled(p, flavor, classifier)) {
            Path cached = folder.resolve(lib.cachedName());
            long expected = resourceSize(lib.resource());
            if (expected >= 0 && !hasSize(cached, expected)) {
                LOG.warn("Cached PyTorch library {} is damaged or missing; unpacking libtorch again", cached);
                delete(folder);
                return;
            }
        }
    }

    private record Bundled(String resource, String cachedName) {
    }

    private static List<Bundled> bundled(Properties natives, String flavor, String classifier) {
        List<Bundled> libs = new ArrayList<>();
        for (String lib : natives.getProperty("libraries", "").split(",")) {
            if (!lib.isBlank()) {
                libs.add(new Bundled("pytorch/" + flavor + "/" + classifier + "/" + lib.strip(), lib.strip()));
            }
        }
        // DJL names the unpacked JNI library after its own version: jni_version is <pytorch>-<djl>.
        properties(JNI_PROPERTIES).map(j -> j.getProperty("jni_version", "")).filter(v -> v.contains("-"))
                .ifPresent(v -> libs.add(new Bundled("jnilib/" + classifier + "/" + flavor + "/libdjl_torch.so",
                        v.substring(v.lastIndexOf('-') + 1) + "-libdjl_torch.so")));
        return libs;
    }

    private static boolean hasSize(Path file, long size) {
        try {
            return Files.isRegularFile(file) && Files.size(file) == size;
        } catch (IOException e) {
            return false;
        }
    }

    /** The size of a class-path resource without reading it (the jar's directory records it); -1 if unknown. */
    private static long resourceSize(String resource) {
        URL url = NativeCache.class.getClassLoader().getResource(resource);
        if (url == null) {
            return -1;
        }
        try {
            return url.openConnection().getContentLengthLong();
        } catch (IOException e) {
            return -1;
        }
    }

    private static Optional<Properties> properties(String resource) {
        try (InputStream in = NativeCache.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.of(properties);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.warn("Cannot remove damaged PyTorch cache {}; delete it by hand", folder, e);
        }
    }
}
