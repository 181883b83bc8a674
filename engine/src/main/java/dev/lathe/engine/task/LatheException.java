package dev.lathe.engine.task;

/**
 * The one base for problems a user can act on. Its message is shown as it is, so it names the file or
 * setting at fault and says what to do; causes are kept for the log, never shown. It is one line: line breaks and
 * other control characters that a file's content brings into it (a YAML block scalar, a CSV cell) are shown
 * escaped, like {@code \n}.
 */
public class LatheException extends Exception {
    public LatheException(String message) {
        super(oneLine(message));
    }

    public LatheException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    private static String oneLine(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder s = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    int type = Character.getType(c);
                    if (Character.isISOControl(c) || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR) {
                        s.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
                    } else {
                        s.appendCodePoint(c);
                    }
                }
            }
        });
        return s.toString();
    }
}
