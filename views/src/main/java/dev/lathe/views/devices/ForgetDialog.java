package dev.lathe.views.devices;

import dev.lathe.engine.device.DeviceEntry;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Forget…: asks before forgetting a paired board, naming it and saying what forgetting does. Forgetting runs in the
 * background; the dialog closes once the board is gone, or shows what went wrong and stays open.
 */
public final class ForgetDialog {
    private ForgetDialog() {
    }

    public static void show(Window owner, DevicesViewModel viewModel, DeviceEntry entry) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Forget device");
        dialog.setHeaderText("Forget " + entry.name() + " (" + entry.address() + ")?");
        ButtonType forgetType = new ButtonType("Forget", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(forgetType, ButtonType.CANCEL);
        dialog.getDialogPane().setId("forget-dialog");

        Label explanation = new Label("Lathe stops asking it whether it answers and deletes its pairing; runs "
                + "measured on it stay in the history. Its agent keeps running: to use it again, pair it with the "
                + "token the agent printed.");
        explanation.setId("forget-explanation");
        explanation.setWrapText(true);
        explanation.setMaxWidth(460);
        Label outcome = new Label();
        outcome.setId("forget-outcome");
        outcome.setWrapText(true);
        outcome.setMaxWidth(460);
        dialog.getDialogPane().setContent(new VBox(10, explanation, outcome));

        Button forget = (Button) dialog.getDialogPane().lookupButton(forgetType);
        forget.setId("forget-confirm");
        forget.getStyleClass().add("danger");
        forget.disableProperty().bind(viewModel.forgettingProperty());
        forget.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            outcome.getStyleClass().setAll("label");
            outcome.setText("Forgetting…");
            viewModel.forget(entry, dialog::close, problem -> {
                outcome.getStyleClass().setAll("label", "danger");
                outcome.setText(problem);
            });
        });
        // Forgetting loses the credential the agent issued: Enter keeps the board, only a click on Forget drops it.
        Button cancel = (Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.setId("forget-cancel");
        forget.setDefaultButton(false);
        cancel.setDefaultButton(true);
        dialog.show();
    }
}
