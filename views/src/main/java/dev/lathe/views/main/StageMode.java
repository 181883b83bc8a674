package dev.lathe.views.main;

import dev.lathe.views.theme.LatheTheme;
import dev.lathe.views.theme.Theme;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The window's theme (View › Theme) and Stage view (View › Stage, F11): full screen, the dark theme pushed to high
 * contrast, the Board wall's panels filling the screen in large type. Esc or F11 leaves; Ctrl+R starts the wall's
 * run again, or cancels the one going. Leaving puts back the theme chosen before.
 */
final class StageMode {
    /** What the key line at the foot of Stage view says. */
    static final String KEYS = "Stage view   ·   Esc or F11: leave   ·   Ctrl+R: run the wall again, or cancel";
    private static final KeyCombination RUN = KeyCombination.keyCombination("Shortcut+R");

    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final BooleanProperty presenting = new SimpleBooleanProperty(false);
    private final MainView view;

    StageMode(MainView view) {
        this.view = view;
        theme.addListener((obs, old, now) -> restyle());
        presenting.addListener((obs, was, now) -> present(now));
        view.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                scene.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
                scene.windowProperty().addListener((o, before, window) -> follow(window));
            }
        });
    }

    ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    BooleanProperty presentingProperty() {
        return presenting;
    }

    private void key(KeyEvent e) {
        if (e.getCode() == KeyCode.F11) {
            presenting.set(!presenting.get());
            e.consume();
        } else if (presenting.get() && e.getCode() == KeyCode.ESCAPE) {
            presenting.set(false);
            e.consume();
        } else if (presenting.get() && (e.getCode() == KeyCode.SPACE || e.getCode() == KeyCode.RIGHT)
                && view.nextDemoStep()) {
            e.consume();
        } else if (presenting.get() && RUN.match(e)) {
            view.runOrCancelWall();
            e.consume();
        }
    }

    /** Full screen is Stage view's: the window handles no keys of its own, and leaving full screen leaves it. */
    private void follow(Window window) {
        if (window instanceof Stage stage) {
            stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
            stage.setFullScreenExitHint("Esc or F11 leaves Stage view");
            stage.fullScreenProperty().addListener((obs, was, now) -> {
                if (!now) {
                    presenting.set(false);
                }
            });
        }
    }

    private void present(boolean on) {
        view.present(on);
        restyle();
        if (view.getScene() != null && view.getScene().getWindow() instanceof Stage stage) {
            stage.setFullScreen(on);
        }
    }

    private void restyle() {
        Scene scene = view.getScene();
        if (scene != null) {
            LatheTheme.apply(scene, presenting.get() ? Theme.DARK : theme.get());
        }
    }
}
