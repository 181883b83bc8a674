package dev.lathe.engine;

/**
 * The one base for problems a user can act on. Its message is shown as it is, so it names the file or
 * setting at fault and says what to do; causes are kept for the log, never shown.
 */
public class LatheException extends Exception {
    public LatheException(String message) {
        super(message);
    }

    public LatheException(String message, Throwable cause) {
        super(message, cause);
    }
}
