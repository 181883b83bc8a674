package dev.lathe.views.devices;

import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceFingerprint;
import dev.lathe.engine.device.DeviceState;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** One device: a state badge, its name and address, what it runs on, and the sentence that explains its state. */
final class DeviceCell extends ListCell<DeviceEntry> {
    private final Label badge = new Label();
    private final Label name = new Label();
    private final Label address = new Label();
    private final Label hardware = new Label();
    private final Label detail = new Label();
    private final Button pair = new Button("Pair…");
    private final VBox box;

    DeviceCell(Consumer<DeviceEntry> pairAction) {
        badge.getStyleClass().add("device-badge");
        name.getStyleClass().add("device-name");
        address.getStyleClass().add("device-address");
        hardware.getStyleClass().add("device-hardware");
        detail.getStyleClass().add("device-detail");
        detail.setWrapText(true);
        hardware.setWrapText(true);
        pair.getStyleClass().add("small");
        pair.setOnAction(e -> {
            if (getItem() != null) {
                pairAction.accept(getItem());
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(6, badge, name, spacer, pair);
        box = new VBox(2, top, address, hardware, detail);
        box.setMinWidth(0);
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(DeviceEntry entry, boolean empty) {
        super.updateItem(entry, empty);
        if (empty || entry == null) {
            setGraphic(null);
            setId(null);
            return;
        }
        setId("device-" + entry.key().replaceAll("[^A-Za-z0-9]", "-"));
        String state = entry.state().name().toLowerCase(Locale.ROOT);
        badge.setText(state);
        badge.getStyleClass().removeIf(c -> c.startsWith("device-state-"));
        badge.getStyleClass().add("device-state-" + state);
        name.setText(entry.name());
        address.setText(entry.address());
        hardware.setText(entry.fingerprint().map(DeviceCell::hardware).orElse(""));
        hardware.setManaged(entry.fingerprint().isPresent());
        hardware.setVisible(entry.fingerprint().isPresent());
        detail.setText(entry.detail());
        detail.setManaged(!entry.detail().isEmpty());
        detail.setVisible(!entry.detail().isEmpty());
        boolean discovered = entry.state() == DeviceState.DISCOVERED;
        pair.setManaged(discovered);
        pair.setVisible(discovered);
        setGraphic(box);
    }

    static String hardware(DeviceFingerprint f) {
        return f.cpuModel() + " · " + f.cores() + (f.cores() == 1 ? " core" : " cores") + " · " + f.runtime();
    }
}
