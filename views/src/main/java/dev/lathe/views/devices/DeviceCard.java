package dev.lathe.views.devices;

import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.hardware.DeviceFingerprint;
import dev.lathe.engine.device.DeviceState;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One device: a state badge, its name and address, what it runs on and the runtimes it has, and the sentence that explains its state; Pair…
 * on a discovered board, Forget… (on the card and in its context menu) on a paired one.
 */
final class DeviceCard extends VBox {
    private final Label badge = new Label();
    private final Label name = new Label();
    private final Label address = new Label();
    private final Label hardware = new Label();
    private final Label runtimes = new Label();
    private final Label detail = new Label();
    private final Button pair = new Button("Pair…");
    private final Button forget = new Button("Forget…");

    DeviceCard(DeviceEntry entry, Consumer<DeviceEntry> pairAction, Consumer<DeviceEntry> forgetAction) {
        super(2);
        badge.getStyleClass().add("device-badge");
        name.getStyleClass().add("device-name");
        address.getStyleClass().add("device-address");
        hardware.getStyleClass().add("device-hardware");
        runtimes.getStyleClass().add("device-runtimes");
        detail.getStyleClass().add("device-detail");
        for (Label wrapping : new Label[] {detail, hardware, runtimes}) {
            wrapping.setWrapText(true);
            wrapping.setMinHeight(Region.USE_PREF_SIZE);
        }
        pair.getStyleClass().add("small");
        pair.setId("pair-discovered");
        pair.setOnAction(e -> pairAction.accept(entry));
        forget.getStyleClass().addAll("small", "flat");
        forget.setId("forget-device");
        forget.setOnAction(e -> forgetAction.accept(entry));
        if (DevicesViewModel.canForget(entry)) {
            MenuItem item = new MenuItem("Forget " + entry.name() + "…");
            item.setOnAction(e -> forgetAction.accept(entry));
            ContextMenu menu = new ContextMenu(item);
            setOnContextMenuRequested(e -> menu.show(this, e.getScreenX(), e.getScreenY()));
        }
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(6, badge, name, spacer, pair, forget);
        top.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(top, address, hardware, runtimes, detail);
        getStyleClass().add("device-card");
        setMinWidth(0);
        show(entry);
    }

    private void show(DeviceEntry entry) {
        setId("device-" + entry.key().replaceAll("[^A-Za-z0-9]", "-"));
        String state = entry.state().name().toLowerCase(Locale.ROOT);
        badge.setText(state);
        badge.getStyleClass().removeIf(c -> c.startsWith("device-state-"));
        badge.getStyleClass().add("device-state-" + state);
        name.setText(entry.name());
        address.setText(entry.address());
        hardware.setText(entry.fingerprint().map(DeviceCard::hardware).orElse(""));
        hardware.setManaged(entry.fingerprint().isPresent());
        hardware.setVisible(entry.fingerprint().isPresent());
        runtimes.setText(entry.fingerprint().map(DeviceFingerprint::runtimesLabel).orElse(""));
        runtimes.setManaged(entry.fingerprint().isPresent());
        runtimes.setVisible(entry.fingerprint().isPresent());
        detail.setText(entry.detail());
        detail.setManaged(!entry.detail().isEmpty());
        detail.setVisible(!entry.detail().isEmpty());
        boolean discovered = entry.state() == DeviceState.DISCOVERED;
        pair.setManaged(discovered);
        pair.setVisible(discovered);
        forget.setManaged(DevicesViewModel.canForget(entry));
        forget.setVisible(DevicesViewModel.canForget(entry));
    }

    /**
     * CPU, cores, its int8 path (an int8 model's accuracy depends on it) and whether it computes bf16 natively; the
     * runtimes it has, with versions, are the line below.
     */
    static String hardware(DeviceFingerprint f) {
        return f.cpuModel() + " · " + f.cores() + (f.cores() == 1 ? " core" : " cores") + " · int8 "
                + f.int8Path().label() + " · " + f.bf16().label();
    }
}
