package dev.lathe.app.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Standard output or error of a command. Everything printed through it has its control characters escaped
 * ({@link TerminalText}) except the line breaks it prints itself, so no text from a file can reach the terminal as a
 * command, and JSON stays JSON (an escape inside a string means the same character). A progress bar is drawn with
 * {@link #drawOver}, and printing anything else first wipes the bar's line, so a message never ends up behind it.
 */
public final class TerminalWriter extends PrintWriter {
    private final Writer raw;
    private final ProgressSettings progress;
    private int barWidth;

    public TerminalWriter(Writer target, ProgressSettings progress) {
        super(new Escaping(target), true);
        this.raw = target;
        this.progress = progress;
    }

    /** Where this stream stands for progress: a terminal or not, and how often to report. */
    public ProgressSettings progress() {
        return progress;
    }

    /** Draws {@code line} over the line drawn last (a carriage return, no line break): for progress bars only. */
    void drawOver(String line, int width) {
        synchronized (lock) {
            try {
                // Padded to the last bar's width, so no end of a longer line stays behind a shorter one.
                raw.write('\r' + line + " ".repeat(Math.max(0, barWidth - line.length())));
                raw.flush();
                barWidth = Math.max(width, line.length());
            } catch (IOException e) {
                setError();
            }
        }
    }

    /** Removes a drawn bar's line, leaving the cursor at its start. */
    void wipe() {
        synchronized (lock) {
            if (barWidth == 0) {
                return;
            }
            try {
                raw.write('\r' + " ".repeat(barWidth) + '\r');
                raw.flush();
            } catch (IOException e) {
                setError();
            }
            barWidth = 0;
        }
    }

    @Override
    public void write(int c) {
        synchronized (lock) {
            wipe();
            super.write(c);
        }
    }

    @Override
    public void write(char[] buf, int off, int len) {
        synchronized (lock) {
            wipe();
            super.write(buf, off, len);
        }
    }

    @Override
    public void write(String s, int off, int len) {
        synchronized (lock) {
            wipe();
            super.write(s, off, len);
        }
    }

    /** Escapes control characters on their way through, all but those of the platform's line separator. */
    private static final class Escaping extends FilterWriter {
        private static final String LINE_BREAK = System.lineSeparator();

        Escaping(Writer target) {
            super(target);
        }

        @Override
        public void write(int c) throws IOException {
            write(String.valueOf((char) c), 0, 1);
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            write(new String(buf, off, len), 0, len);
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            StringBuilder safe = new StringBuilder(len);
            for (int i = off; i < off + len; i++) {
                char c = s.charAt(i);
                if (TerminalText.isControl(c) && LINE_BREAK.indexOf(c) < 0) {
                    TerminalText.appendEscape(safe, c);
                } else {
                    safe.append(c);
                }
            }
            out.write(safe.toString());
        }
    }
}
