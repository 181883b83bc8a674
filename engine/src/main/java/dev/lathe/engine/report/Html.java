package dev.lathe.engine.report;

import java.util.Locale;

/** Text made safe for a page that must also parse as XML (the PDF is made from it). */
final class Html {
    private Html() {
    }

    /**
     * Escapes markup characters; characters XML 1.0 forbids (control characters other than tab and line breaks,
     * unpaired surrogates) become U+FFFD, so a stored name can neither inject markup nor break the page's parse.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> {
                    if (Character.isSurrogate(c)) {
                        boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                                && Character.isLowSurrogate(text.charAt(i + 1));
                        if (paired) {
                            s.append(c).append(text.charAt(++i));
                        } else {
                            s.append('\uFFFD');
                        }
                    } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                        s.append('\uFFFD');
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.toString();
    }

    static String number(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }
}
