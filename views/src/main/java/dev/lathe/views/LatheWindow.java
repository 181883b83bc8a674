package dev.lathe.views;

import dev.lathe.views.common.ShapeDialog;
import dev.lathe.views.main.MainView;
import dev.lathe.views.main.MainViewModel;
import dev.lathe.views.theme.LatheTheme;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * Lathe's main window. The app builds {@link ViewServices} and calls {@link #show(Stage, ViewServices)} on the FX
 * thread; closing the window cancels its runs, and quitting closes it like the window's close button would.
 */
public final class LatheWindow {
    private final Stage stage;
    private final MainViewModel viewModel;
    private final MainView view;

    private LatheWindow(Stage stage, ViewServices services) {
        this.stage = stage;
        this.viewModel = new MainViewModel(services, new ShapeDialog(stage));
        this.view = new MainView(viewModel, this::quit);
    }

    /** Fills {@code stage} with the main window, shows it and starts listing the store. Call on the FX thread. */
    public static LatheWindow show(Stage stage, ViewServices services) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("LatheWindow.show must be called on the FX application thread");
        }
        LatheWindow window = new LatheWindow(stage, services);
        // Fits small laptop screens too: a window larger than the screen hides its status bar.
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(window.view, Math.min(1360, screen.getWidth() * 0.95),
                Math.min(860, screen.getHeight() * 0.95));
        LatheTheme.apply(scene);
        stage.setScene(scene);
        stage.setMinWidth(Math.min(960, screen.getWidth()));
        stage.setMinHeight(Math.min(640, screen.getHeight()));
        stage.titleProperty().bind(Bindings.createStringBinding(
                () -> window.viewModel.selectedProperty().get() == null ? "Lathe"
                        : window.viewModel.selectedProperty().get().name() + " — Lathe",
                window.viewModel.selectedProperty()));
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> window.dispose());
        stage.show();
        window.viewModel.start();
        return window;
    }

    /** Opens a model file, as File → Open would; for a path given on the command line. */
    public void open(Path file) {
        viewModel.open(file);
    }

    /** Opens a demo scenario and plays it in Stage view, as File › Open demo… does; for {@code lathe demo run FILE}. */
    public void playDemo(Path scenario) {
        viewModel.openDemo(scenario);
    }

    /** The demo opened last, once it has been read. */
    public java.util.Optional<dev.lathe.views.demo.DemoPlayer> demo() {
        return java.util.Optional.ofNullable(viewModel.demoProperty().get());
    }

    /** Enters or leaves Stage view, as View › Stage and F11 do; for {@code lathe --stage}. */
    public void stageView(boolean on) {
        view.setStageView(on);
    }

    public boolean inStageView() {
        return view.isStageView();
    }

    public Stage stage() {
        return stage;
    }

    /** Closes the window the way its close button does, so the app's close handlers run. */
    private void quit() {
        stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
        if (stage.isShowing()) {
            stage.close();
        }
    }

    private void dispose() {
        viewModel.close();
        view.dispose();
    }
}
