package dev.lathe.views.devices;

import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Add device…: where the agent listens and the token it printed. Pairing runs in the background; on success the
 * dialog shows the certificate fingerprint now pinned, for the user to compare with the agent's printout, and stays
 * open until they close it. A mistake is shown in the dialog, which stays open to fix it.
 */
public final class PairDialog {
    private PairDialog() {
    }

    public static void show(Window owner, DevicesViewModel viewModel, String address) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Add device");
        dialog.setHeaderText("Pair with a Lathe agent: type where it listens and the token it printed.");
        ButtonType pairType = new ButtonType("Pair", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(pairType, ButtonType.CLOSE);
        dialog.getDialogPane().setId("pair-dialog");

        TextField host = new TextField(address);
        host.setId("pair-address");
        host.setPromptText("192.168.1.20:7443");
        TextField token = new TextField();
        token.setId("pair-token");
        token.setPromptText("ABCD-EFGH-JKLM");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("Address"), host);
        grid.addRow(1, new Label("Pairing token"), token);
        Label outcome = new Label();
        outcome.setId("pair-outcome");
        outcome.setWrapText(true);
        outcome.setPrefWidth(460);
        outcome.setMaxWidth(460);
        // A wrapped sentence takes the lines it needs: the dialog grows to it (below) instead of cutting it off.
        outcome.setMinHeight(Region.USE_PREF_SIZE);
        outcome.textProperty().addListener((obs, old, now) -> {
            if (dialog.getDialogPane().getScene() != null && dialog.getDialogPane().getScene().getWindow() != null) {
                Platform.runLater(() -> dialog.getDialogPane().getScene().getWindow().sizeToScene());
            }
        });
        dialog.getDialogPane().setContent(new VBox(10, grid, outcome));

        Button pair = (Button) dialog.getDialogPane().lookupButton(pairType);
        pair.setId("pair-confirm");
        pair.disableProperty().bind(viewModel.pairingProperty());
        pair.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            outcome.getStyleClass().setAll("label");
            outcome.setText("Pairing…");
            viewModel.pair(host.getText(), token.getText(), paired -> {
                outcome.getStyleClass().setAll("label", "success");
                outcome.setText("Paired with " + paired.entry().name() + " (" + paired.entry().address() + ")."
                        + paired.certificateSha256().map(f -> "\nCertificate sha256: " + f + "\nCompare it with the "
                        + "line the agent printed; from now on Lathe refuses any other certificate there.").orElse(""));
                host.setDisable(true);
                token.setDisable(true);
                pair.setVisible(false);
            }, problem -> {
                outcome.getStyleClass().setAll("label", "danger");
                outcome.setText(problem);
            });
        });
        (address.isEmpty() ? host : token).requestFocus();
        dialog.show();
    }
}
