package dev.lathe.agent;

/**
 * Text a client sent (a workbench's name, a run id, a model's name, a protocol header), made safe to put in a log
 * line or a message: line breaks, tabs and other control characters become visible escapes, so no client can start
 * a line of its own in the agent's log or hide what it sent, and very long text is cut.
 */
final class LogText {
    static final int MAX_CHARS = 200;

    private LogText() {
    }

    static String of(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < text.length() && shown < MAX_CHARS; i = text.offsetByCodePoints(i, 1), shown++) {
            int c = text.codePointAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (escaped(c)) {
                        b.append(String.format("\\u%04X", c));
                    } else {
                        b.appendCodePoint(c);
                    }
                }
            }
        }
        int total = text.codePointCount(0, text.length());
        return shown < total ? b + "… (" + total + " characters)" : b.toString();
    }

    /**
     * Any text bound for the log on one line: line breaks and other control characters escaped, the rest (tabs,
     * backslashes) kept. The log's layout applies it to every message and exception text, behind {@link #of}, which
     * call sites apply to what clients sent.
     */
    static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean escape = c != '\t' && (Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
            if (escape && b == null) {
                b = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (b != null) {
                b.append(!escape ? String.valueOf(c) : c == '\n' ? "\\n" : c == '\r' ? "\\r"
                        : String.format("\\u%04X", (int) c));
            }
        }
        return b == null ? text : b.toString();
    }

    /** Controls, line and paragraph separators, and the marks that reorder text on screen. */
    private static boolean escaped(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT;
    }
}
