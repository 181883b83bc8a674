package dev.lathe.engine.runtime.torchscript;

import java.util.regex.Pattern;

/**
 * Cuts libtorch's error messages down to the sentence a user can act on. Interpreter errors carry two tracebacks
 * before the actual error on their last line; loader errors carry the problem on their first line.
 */
final class TorchMessages {
    private static final Pattern ERROR_CLASS = Pattern.compile("^\\w*(Error|Exception): ");
    private static final String NAG = "(Could this error message be improved?";

    private TorchMessages() {
    }

    static String essence(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        String line = message.contains("Traceback of TorchScript") ? lastLine(message) : firstLine(message);
        int nag = line.indexOf(NAG);
        if (nag >= 0) {
            line = line.substring(0, nag);
        }
        return ERROR_CLASS.matcher(line.strip()).replaceFirst("");
    }

    private static String firstLine(String message) {
        for (String line : message.split("\n")) {
            if (!line.isBlank()) {
                return line;
            }
        }
        return message;
    }

    private static String lastLine(String message) {
        String[] lines = message.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i];
            }
        }
        return message;
    }
}
