package dev.lathe.views.common;

import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows each failure in an error dialog over the focused Lathe window and logs it: a user's mistake (a
 * {@link dev.lathe.engine.task.LatheException}) briefly, anything unexpected with its stack trace.
 */
public final class AlertErrorSink implements ErrorSink {
    private static final Logger LOG = LoggerFactory.getLogger(AlertErrorSink.class);

    @Override
    public void report(Throwable error) {
        log(error);
        if (Platform.isFxApplicationThread()) {
            show(error);
        } else {
            Platform.runLater(() -> show(error));
        }
    }

    private static void log(Throwable error) {
        if (UserMessages.isExpected(error)) {
            LOG.info("{}", error.getMessage(), error.getCause());
        } else {
            LOG.error("Unexpected failure", error);
        }
    }

    private static void show(Throwable error) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.setTitle("Lathe");
        alert.setHeaderText(null);
        // A Label that wraps, because the engine's messages name files and paths and can be long.
        Label text = new Label(UserMessages.describe(error));
        text.setWrapText(true);
        text.setMaxWidth(520);
        text.getStyleClass().add("error-text");
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        alert.setResizable(true);
        // Over the window the user works in, so the dialog is centred on it and blocks only it.
        Window.getWindows().stream().filter(Window::isFocused).findFirst()
                .or(() -> Window.getWindows().stream().filter(w -> w instanceof Stage && w.isShowing()).findFirst())
                .ifPresent(alert::initOwner);
        alert.show();
    }
}
