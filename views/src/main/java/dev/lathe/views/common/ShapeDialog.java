package dev.lathe.views.common;

import dev.lathe.engine.store.ModelRecord;
import java.util.Optional;
import javafx.scene.control.TextInputDialog;
import javafx.stage.Window;

/** Asks for an input shape in a small modal dialog. */
public final class ShapeDialog implements ShapePrompt {
    private final Window owner;

    public ShapeDialog(Window owner) {
        this.owner = owner;
    }

    @Override
    public Optional<String> ask(ModelRecord model, String problem) {
        TextInputDialog dialog = new TextInputDialog();
        dialog.getEditor().setPromptText("1x1x28x28");
        dialog.initOwner(owner);
        dialog.setTitle("Input shape");
        dialog.setHeaderText(model.name() + " does not declare the shape of its input.\n"
                + "Give the shape to feed it, batch first, like 1x1x28x28.");
        dialog.setContentText("Shape:");
        dialog.getEditor().setId("input-shape");
        if (!problem.isEmpty()) {
            dialog.setHeaderText(dialog.getHeaderText() + "\n\n" + problem);
        }
        return dialog.showAndWait().map(String::trim);
    }
}
