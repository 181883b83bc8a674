package dev.lathe.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lathe.engine.hardware.ByteSize;
import dev.lathe.engine.files.Json;
import java.io.PrintWriter;
import java.util.Locale;

/** Printing helpers shared by the commands. */
final class Output {
    private Output() {
    }

    static void json(PrintWriter out, Object value) {
        try {
            out.println(Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON output of " + value.getClass().getSimpleName(), e);
        }
    }

    static String bytes(long n) {
        return ByteSize.of(n);
    }

    /** "1 thread", "4 threads". */
    static String count(long n, String singular) {
        return n + " " + (n == 1 ? singular : singular + "s");
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f %%", fraction * 100);
    }
}
