package dev.lathe.views.compare;

import dev.lathe.engine.export.runtimes.RuntimeChoice;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.Tables;
import dev.lathe.views.common.Ui;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Compare tab's runtime dimension: the runtimes and devices to measure the ticked models in, and a row per model,
 * runtime and device, shown once more than ONNX Runtime is ticked.
 */
final class RuntimesPane extends VBox {
    private static final String NOT_MEASURED = "not measured";
    private static final double ROW_HEIGHT = 26;
    private final CompareViewModel viewModel;
    private final CompareRuntimes runtimes;
    private final HBox deviceBoxes = new HBox(10);

    RuntimesPane(CompareViewModel viewModel) {
        this.viewModel = viewModel;
        this.runtimes = viewModel.runtimes();
        setId("compare-runtimes");
        setSpacing(6);
        deviceBoxes.setAlignment(Pos.CENTER_LEFT);
        TableView<RuntimeRow> table = table();
        Tables.copyableAsCsv(table);
        BooleanBinding beyondOnnx = Bindings.createBooleanBinding(runtimes::beyondOnnx, runtimes.runtimes());
        table.visibleProperty().bind(beyondOnnx);
        table.managedProperty().bind(table.visibleProperty());
        runtimes.deviceChoices().addListener((ListChangeListener<RuntimeDevice>) c -> deviceBoxes());
        deviceBoxes();
        getChildren().addAll(choices(), table);
    }

    private FlowPane choices() {
        FlowPane bar = new FlowPane(10, 6);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getChildren().add(Ui.section("Runtimes"));
        for (RuntimeChoice choice : RuntimeChoice.values()) {
            CheckBox box = new CheckBox(choice.label());
            box.setId("compare-runtime-" + choice.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            box.setSelected(runtimes.runtimes().contains(choice));
            box.selectedProperty().addListener((obs, old, on) -> runtimes.setRuntime(choice, on));
            if (choice == RuntimeChoice.EXECUTORCH_PORTABLE) {
                box.setTooltip(new Tooltip("Portable kernels only, no delegate: most of a second an image on a CPU, "
                        + "so measuring a model takes minutes"));
            }
            bar.getChildren().add(box);
        }
        Button measure = new Button("Measure in runtimes");
        measure.setId("compare-measure-runtimes");
        measure.setTooltip(new Tooltip("Exports each ticked model to each ticked runtime's format where it has no copy "
                + "yet (kept by its hash), benchmarks every copy on every ticked device with the same settings, and "
                + "compares its outputs with the parent's on this computer"));
        measure.disableProperty().bind(viewModel.canMeasureRuntimesProperty().not()
                .or(Bindings.isEmpty(runtimes.runtimes())).or(Bindings.isEmpty(runtimes.chosenDevices())));
        measure.setOnAction(e -> viewModel.measureInRuntimes());
        bar.getChildren().addAll(new Label("on"), deviceBoxes, measure);
        return bar;
    }

    /** A tick per device that can run now; this computer ticked by default. */
    private void deviceBoxes() {
        deviceBoxes.getChildren().clear();
        for (RuntimeDevice d : runtimes.deviceChoices()) {
            CheckBox box = new CheckBox(d.name());
            box.setId("compare-runtime-device-" + d.idPart());
            box.setDisable(!d.online());
            box.setSelected(runtimes.chosenDevices().contains(d.key()));
            box.selectedProperty().addListener((obs, old, on) -> runtimes.setDevice(d, on));
            if (!d.detail().isBlank()) {
                box.setTooltip(new Tooltip(d.detail()));
            }
            deviceBoxes.getChildren().add(box);
        }
    }

    private TableView<RuntimeRow> table() {
        TableView<RuntimeRow> table = new TableView<>(runtimes.rows());
        table.setId("compare-runtime-table");
        table.getStyleClass().add("dense");
        table.setFixedCellSize(ROW_HEIGHT);
        // As tall as its rows (a few at least), so every runtime of every model shows without a scroll of its own.
        table.prefHeightProperty().bind(Bindings.max(4, Bindings.size(runtimes.rows())).multiply(ROW_HEIGHT).add(36));
        // Columns share the width, the note taking what is left (its whole text in a tooltip): no sideways scroll.
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setMinHeight(Region.USE_PREF_SIZE);
        table.setPlaceholder(Ui.placeholder("Tick runtimes and devices, then Measure in runtimes"));
        TableColumn<RuntimeRow, String> model = Tables.column("Model", r -> r.model().name()
                + (r.isParent() ? " (parent)" : ""), s -> s);
        model.setPrefWidth(180);
        model.setMinWidth(150);
        TableColumn<RuntimeRow, String> runtime = Tables.column("Runtime", r -> r.runtime().label(), s -> s);
        // As wide as its longest label, which the table's shared width must never cut.
        Tables.fitTo(runtime, java.util.Arrays.stream(RuntimeChoice.values()).map(RuntimeChoice::label).toList());
        TableColumn<RuntimeRow, String> device = Tables.column("Device", RuntimeRow::deviceName, s -> s);
        device.setPrefWidth(120);
        device.setMinWidth(110);
        TableColumn<RuntimeRow, String> note = Tables.column("Note", r -> r.problem().orElse(""), s -> s);
        note.setPrefWidth(300);
        note.setMinWidth(140);
        note.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.isBlank() ? null : new Tooltip(text));
                getStyleClass().remove("problem");
                if (!empty && text != null && !text.isBlank()) {
                    getStyleClass().add("problem");
                }
            }
        });
        TableColumn<RuntimeRow, String> agreement = figure("Top-1 agreement", r -> r.isParent() && r.run()
                .map(x -> x.ranAs().sha256().equals(r.model().sha256())).orElse(false) ? Optional.of("–")
                : r.fidelity().map(Agreement::text));
        Tables.explained(agreement, r -> Agreement.why(r.fidelity()));
        Tables.fitTo(agreement, List.of(Formats.percent(1) + Agreement.SYNTHETIC_MARK));
        table.getColumns().setAll(java.util.List.of(model, runtime, device,
                figure("Sweet spot", r -> Optional.of(r.sweetSpot() ? "★ best" : "")),
                figure("p50", r -> r.p50Ms().map(Formats::millis)),
                figure("p99", r -> r.p99Ms().map(Formats::millis)),
                figure("Load", r -> r.loadMillis().map(Formats::millis)),
                figure("Peak memory", r -> r.peakRssBytes().map(Formats::bytes)),
                figure("File size", r -> Optional.of(Formats.bytes(r.fileBytes()))),
                agreement, note));
        Tooltip.install(table, new Tooltip("Sweet spot: on each device, the fastest row (p50) whose outputs keep the "
                + "parent's top-1 answer on at least " + Formats.percent(RuntimeRow.SWEET_SPOT_AGREEMENT)
                + " of the inputs (rows whose fidelity was not measured count)"));
        return table;
    }

    private static TableColumn<RuntimeRow, String> figure(String title, Function<RuntimeRow, Optional<String>> value) {
        TableColumn<RuntimeRow, String> column = Tables.number(title, r -> value.apply(r)
                .orElse(r.problem().isPresent() ? "–" : NOT_MEASURED), s -> s);
        // Wide enough for its title: a row of figures is read by its headers.
        column.setMinWidth(Math.max(86, title.length() * 8 + 22));
        column.setPrefWidth(column.getMinWidth() + 10);
        return column;
    }
}
