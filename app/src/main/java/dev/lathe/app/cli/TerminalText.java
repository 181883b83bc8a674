package dev.lathe.app.cli;

/**
 * Text from files (node names, metadata, producers, file names) made safe for a terminal: a control character is
 * written as its escape ({@code \u001b}), so a model cannot set the window's title, clear the screen or break a line
 * where the output has none. Bidirectional overrides count too: they make text read otherwise than it is.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** {@code text} with every control character escaped, line breaks included: one line, always. */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                appendEscape(out, c);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** C0 and C1 controls, DEL, the line and paragraph separators, and bidirectional embeddings and isolates. */
    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }

    static void appendEscape(StringBuilder out, char c) {
        out.append(String.format("\\u%04x", (int) c));
    }
}
