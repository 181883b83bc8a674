package dev.lathe.app;

/**
 * Sends the log to a file in the data folder (logback.xml reads the folder from this property), so the terminal
 * shows only what a command means to say. Must run before the first logger is created.
 */
final class Logging {
    private Logging() {
    }

    static void configure(LathePaths paths) {
        if (System.getProperty("lathe.log.dir") == null) {
            System.setProperty("lathe.log.dir", paths.logDir().toString());
        }
    }
}
