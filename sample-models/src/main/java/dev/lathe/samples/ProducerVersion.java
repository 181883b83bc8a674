package dev.lathe.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This module's Maven version, filtered into a resource at build time, for the ONNX producer_version field. */
final class ProducerVersion {
    private ProducerVersion() {
    }

    static String get() {
        try (InputStream in = ProducerVersion.class.getResourceAsStream("sample-models.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
