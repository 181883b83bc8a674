package dev.lathe.views.devices;

import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.views.common.Ui;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The sidebar's Devices section: every device with its state, and Add device… to pair a board. */
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
        ListView<DeviceEntry> list = new ListView<>(viewModel.entries());
        list.setId("device-list");
        list.getStyleClass().add("device-list");
        list.setCellFactory(v -> new DeviceCell(entry -> PairDialog.show(getScene().getWindow(), viewModel,
                entry.address())));
        list.setPlaceholder(Ui.placeholder("No devices yet"));
        list.setPrefHeight(230);
        VBox.setVgrow(list, Priority.SOMETIMES);
        getChildren().addAll(header, list);
    }
}
