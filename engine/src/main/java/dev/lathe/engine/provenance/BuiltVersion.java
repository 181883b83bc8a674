package dev.lathe.engine.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version Maven wrote into {@code lathe-version.properties} when it built the engine, read once. */
final class BuiltVersion {
    static final String VERSION = read();

    private BuiltVersion() {
    }

    private static String read() {
        try (InputStream in = BuiltVersion.class.getResourceAsStream("lathe-version.properties")) {
            if (in == null) {
                return "development build";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").strip();
            // Unfiltered (built by something other than Maven), the file still says ${project.version}.
            return v.isEmpty() || v.contains("${") ? "development build" : v;
        } catch (IOException e) {
            return "development build";
        }
    }
}
