package dev.lathe.app.cli;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * What a command is doing, from its progress reports: the stage ("step 1/2 quantize"), the latest message, how far it
 * got, and the time left at the pace since this piece of work began. A piece of work is one stage's reports of one
 * kind ("Calibrated on # of # examples"); when the kind changes, or the count starts again, so does the pace.
 */
final class ProgressLine {
    private static final long SECOND = 1_000_000_000L;
    private String stage = "";
    private String message = "";
    private long done;
    private long total = -1;
    private String kind = "";
    private long kindSince;
    private long doneSince;

    /** A new stage begins; returns whether it differs from the one before. */
    synchronized boolean stage(String name, long nowNanos) {
        boolean changed = !name.equals(stage);
        stage = name;
        if (changed) {
            message = "";
            done = 0;
            total = -1;
            kind = "";
            kindSince = nowNanos;
            doneSince = 0;
        }
        return changed;
    }

    /** Returns whether the message says something new, rather than a count going on. */
    synchronized boolean report(long done, long total, String message, long nowNanos) {
        String words = message.replaceAll("[0-9][0-9.,]*", "#");
        boolean news = !words.equals(kind) || done < this.done || total != this.total;
        if (news) {
            kind = words;
            kindSince = nowNanos;
            doneSince = done;
        }
        this.done = done;
        this.total = total;
        this.message = message;
        return news;
    }

    synchronized boolean isEmpty() {
        return message.isEmpty() && stage.isEmpty();
    }

    synchronized long done() {
        return done;
    }

    /** The total to reach, -1 when unknown. */
    synchronized long total() {
        return total;
    }

    /** "step 1/2 quantize: calibrated on 120 of 300 examples", without figures of time. */
    synchronized String what() {
        // Escaped here, not only by the stream: a terminal's bar is drawn past the escaping stream.
        String said = TerminalText.escape(message);
        String where = TerminalText.escape(stage);
        if (where.isEmpty()) {
            return said;
        }
        if (said.isEmpty()) {
            return where;
        }
        boolean sentence = said.length() > 1 && Character.isUpperCase(said.charAt(0))
                && Character.isLowerCase(said.charAt(1));
        return where + ": " + (sentence ? Character.toLowerCase(said.charAt(0)) + said.substring(1) : said);
    }

    /** {@link #what()} with how far and the time left: "… (40 %), 12 s left", or "…, for 35 s" when open-ended. */
    synchronized String text(long nowNanos) {
        StringBuilder line = new StringBuilder(what());
        if (total > 0) {
            line.append(String.format(Locale.ROOT, " (%d %%)", Math.min(100, 100 * done / total)));
            secondsLeft(nowNanos).ifPresent(s -> line.append(", ").append(duration(s)).append(" left"));
        } else if (nowNanos - kindSince >= 5 * SECOND) {
            line.append(", for ").append(duration((nowNanos - kindSince) / SECOND));
        }
        return line.toString();
    }

    /** Time left at the pace since this piece of work began; unknown before a second of it has passed. */
    synchronized OptionalLong secondsLeft(long nowNanos) {
        long elapsed = nowNanos - kindSince;
        long progressed = done - doneSince;
        if (total <= 0 || progressed <= 0 || elapsed < SECOND || done >= total) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.round((double) elapsed * (total - done) / progressed / SECOND));
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
