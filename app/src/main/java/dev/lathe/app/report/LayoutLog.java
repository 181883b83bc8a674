package dev.lathe.app.report;

import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLogger;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PDF layout's messages in Lathe's log, not on the terminal: its warnings as warnings, its progress notes (times,
 * fonts loaded) at debug.
 */
final class LayoutLog implements XRLogger {
    private static final Logger LOG = LoggerFactory.getLogger("dev.lathe.app.report.pdf");

    @Override
    public void log(String where, Level level, String message) {
        log(where, level, message, null);
    }

    @Override
    public void log(String where, Level level, String message, Throwable th) {
        if (level.intValue() >= Level.WARNING.intValue()) {
            LOG.warn("{}: {}", where, message, th);
        } else {
            LOG.debug("{}: {}", where, message, th);
        }
    }

    @Override
    public void setLevel(String logger, Level level) {
        // Levels are logback's to set.
    }

    @Override
    public boolean isLogLevelEnabled(Diagnostic diagnostic) {
        return diagnostic.getLevel().intValue() >= Level.WARNING.intValue() ? LOG.isWarnEnabled() : LOG.isDebugEnabled();
    }
}
