package dev.lathe.engine.runtime.torchscript;

import ai.djl.util.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this process could start libtorch, and which version, known without starting it: DJL's {@link Platform}
 * reads the {@code native/lib/pytorch.properties} of the {@code pytorch-native-cpu} jar on the class path (its
 * {@code version}, like "2.7.1-20250812"), and is a placeholder when no jar for this platform is there. Lathe runs
 * DJL offline, so without the jar libtorch starts only from a copy DJL unpacked into the cache before. The agent's
 * package leaves the jar out (ADR 0005), so a board without it has no libtorch and says so.
 */
public final class LibTorchNatives {
    private static final Logger LOG = LoggerFactory.getLogger(LibTorchNatives.class);
    private static final Pattern RELEASE = Pattern.compile("(\\d+\\.\\d+\\.\\d+).*");

    private LibTorchNatives() {
    }

    /**
     * The version of the libtorch {@link PyTorchEngine} would load with {@code cacheDir} ("2.7.1"), or empty where it
     * would find none.
     */
    public static Optional<String> version(Path cacheDir) {
        Platform platform;
        try {
            platform = Platform.detectPlatform("pytorch");
        } catch (RuntimeException e) {
            LOG.info("No libtorch for this platform: {}", e.getMessage());
            return Optional.empty();
        }
        if (!platform.isPlaceholder()) {
            return Optional.of(release(platform.getVersion()));
        }
        // DJL's own layout for natives it unpacked or downloaded: <cache>/pytorch/<version>-<flavor>-<classifier>/
        Path unpacked = cacheDir.toAbsolutePath().resolve("pytorch").resolve(platform.getVersion() + "-"
                + platform.getFlavor() + "-" + platform.getClassifier()).resolve(System.mapLibraryName("torch"));
        return Files.isRegularFile(unpacked) ? Optional.of(release(platform.getVersion())) : Optional.empty();
    }

    /** "2.7.1" of "2.7.1-20250812": the release, without the native jar's build date. */
    static String release(String version) {
        Matcher m = RELEASE.matcher(version);
        return m.matches() ? m.group(1) : version;
    }
}
