package dev.lathe.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where Lathe keeps its data and caches: the XDG folders on Linux, the platform's usual places elsewhere.
 * {@code LATHE_HOME} (or -Dlathe.home) puts everything under one folder, which tests and portable installs use.
 */
public record LathePaths(Path dataDir, Path cacheDir) {

    public Path storeFile() {
        return dataDir.resolve("lathe.db");
    }

    /** The agents paired with, and their credentials: readable by this user only. */
    public Path devicesFile() {
        return dataDir.resolve("devices.json");
    }

    /** This computer's runner (a child agent): its key, token, uploaded files and log. */
    public Path thisComputerDir() {
        return dataDir.resolve("this-computer");
    }

    public Path settingsFile() {
        return dataDir.resolve("settings.properties");
    }

    /** Recorded runs of demo scenarios (docs/demos.md), one folder per scenario, one per run inside it. */
    public Path rehearsalsDir() {
        return dataDir.resolve("rehearsals");
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    public static LathePaths fromEnvironment() {
        return resolve(System.getenv(), System.getProperty("lathe.home"), System.getProperty("user.home"),
                System.getProperty("os.name"));
    }

    static LathePaths resolve(Map<String, String> env, String homeProperty, String userHome, String osName) {
        String home = homeProperty != null ? homeProperty : env.get("LATHE_HOME");
        if (home != null && !home.isBlank()) {
            Path root = Path.of(home);
            return new LathePaths(root.resolve("data"), root.resolve("cache"));
        }
        Path user = Path.of(userHome);
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return new LathePaths(user.resolve("Library/Application Support/Lathe"), user.resolve("Library/Caches/Lathe"));
        }
        if (os.contains("win")) {
            Path appData = Path.of(env.getOrDefault("LOCALAPPDATA", user.resolve("AppData/Local").toString()));
            return new LathePaths(appData.resolve("Lathe"), appData.resolve("Lathe/cache"));
        }
        Path data = xdg(env, "XDG_DATA_HOME", user.resolve(".local/share"));
        Path cache = xdg(env, "XDG_CACHE_HOME", user.resolve(".cache"));
        return new LathePaths(data.resolve("lathe"), cache.resolve("lathe"));
    }

    private static Path xdg(Map<String, String> env, String key, Path fallback) {
        String v = env.get(key);
        // The XDG spec says relative paths are invalid and must be ignored.
        return v != null && Path.of(v).isAbsolute() ? Path.of(v) : fallback;
    }
}
