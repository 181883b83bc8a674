package dev.lathe.views.devices;

import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.views.common.Ui;
import javafx.scene.control.Button;
import javafx.collections.ListChangeListener;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The sidebar's Devices section: every device with its state, Add device… to pair a board, Forget… to unpair one. */
public final class DevicesPane extends VBox {

    public DevicesPane(DevicesViewModel viewModel) {
        super(6);
        setId("devices-pane");
        Button add = new Button("Add device…");
        add.setId("add-device");
        add.getStyleClass().add("small");
        add.setOnAction(e -> PairDialog.show(getScene().getWindow(), viewModel, ""));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(6, Ui.section("Devices"), spacer, add);
        // A handful of devices: plain cards in a scroll pane wrap their sentences at any width, which list cells
        // of fixed height do not.
        VBox cards = new VBox(4);
        cards.setId("device-list");
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("device-list");
        scroll.setPrefHeight(230);
        scroll.setMinHeight(120);
        VBox.setVgrow(scroll, Priority.SOMETIMES);
        Runnable fill = () -> {
            cards.getChildren().clear();
            for (DeviceEntry entry : viewModel.entries()) {
                cards.getChildren().add(new DeviceCard(entry,
                        e -> PairDialog.show(getScene().getWindow(), viewModel, e.address()),
                        e -> ForgetDialog.show(getScene().getWindow(), viewModel, e)));
            }
            if (cards.getChildren().isEmpty()) {
                cards.getChildren().add(Ui.placeholder("No devices yet"));
            }
        };
        viewModel.entries().addListener((ListChangeListener<DeviceEntry>) change -> fill.run());
        fill.run();
        getChildren().addAll(header, scroll);
    }
}
