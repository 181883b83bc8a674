package dev.lathe.app;

import java.net.URL;

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
        // Named explicitly: a second logback.xml on the class path (an agent jar built before its configuration
        // was renamed) would make logback print its status on stdout, into the command line's output.
        URL own = Logging.class.getResource("/logback.xml");
        if (own != null && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", own.toString());
        }
    }
}
