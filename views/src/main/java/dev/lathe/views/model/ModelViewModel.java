package dev.lathe.views.model;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.model.LayerInfo;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.common.Figure;
import dev.lathe.views.common.Formats;
import dev.lathe.views.task.TaskRunner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the Model tab shows of one model: a summary card, op counts and the layers with their weights; for an
 * ExecuTorch program its calls, and the program's own sections ({@link #program()}).
 */
public final class ModelViewModel {
    private static final String LAYERS = "Layers and their weights";
    private final ReadOnlyObjectWrapper<ModelRecord> model = new ReadOnlyObjectWrapper<>();
    private final ObservableList<Figure> card = FXCollections.observableArrayList();
    private final ObservableList<OpCount> ops = FXCollections.observableArrayList();
    private final ObservableList<LayerInfo> layers = FXCollections.observableArrayList();
    // Made once: a fresh unmodifiable wrapper per call would drop the listeners of whoever bound to the last one.
    private final ObservableList<Figure> cardView = FXCollections.unmodifiableObservableList(card);
    private final ObservableList<OpCount> opsView = FXCollections.unmodifiableObservableList(ops);
    private final ObservableList<LayerInfo> layersView = FXCollections.unmodifiableObservableList(layers);
    private final ProgramViewModel program;
    private final ReadOnlyStringWrapper layersTitle = new ReadOnlyStringWrapper(LAYERS);

    /** How many nodes use one op type. */
    public record OpCount(String op, int count) {
    }

    public ModelViewModel(Workbench workbench, TaskRunner tasks) {
        this.program = new ProgramViewModel(workbench, tasks);
    }

    public void show(ModelRecord record) {
        model.set(record);
        program.show(record);
        if (record == null) {
            card.clear();
            ops.clear();
            layers.clear();
            return;
        }
        ModelSummary s = record.summary();
        layersTitle.set(s.format() == ModelFormat.PTE ? "Calls and the constants they read" : LAYERS);
        card.setAll(card(record, s));
        ops.setAll(s.ops().entrySet().stream()
                .map(e -> new OpCount(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt(OpCount::count).reversed().thenComparing(OpCount::op))
                .toList());
        layers.setAll(s.layers());
    }

    private static List<Figure> card(ModelRecord record, ModelSummary s) {
        List<Figure> rows = new ArrayList<>();
        rows.add(new Figure("File", s.fileName()));
        rows.add(new Figure("Format", s.format().displayName()));
        if (s.format() != ModelFormat.PTE) { // a program names no producer; its schema is in the program's card
            rows.add(new Figure("Producer", s.producer().isBlank() ? "(not recorded)" : s.producer()));
        }
        s.irVersion().ifPresent(ir -> rows.add(new Figure("IR version", Long.toString(ir))));
        if (!s.opsets().isEmpty()) {
            rows.add(new Figure("Opsets", opsets(s.opsets())));
        }
        rows.add(new Figure("File size", Formats.bytes(s.fileBytes())));
        rows.add(new Figure("Parameters", Formats.count(s.parameters()) + (s.format() == ModelFormat.PTE
                ? " in constant tensors" : "")));
        rows.add(new Figure("Weight bytes", Formats.bytes(s.weightBytes())));
        rows.add(new Figure("Inputs", tensors(s.inputs())));
        rows.add(new Figure("Outputs", tensors(s.outputs())));
        record.inputShape().ifPresent(shape -> rows.add(new Figure("Input shape given", Formats.shape(shape))));
        rows.add(new Figure("SHA-256", record.shortHash()));
        rows.add(new Figure("Location", record.path().toString()));
        return rows;
    }

    private static String opsets(Map<String, Long> opsets) {
        return opsets.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> (e.getKey().isEmpty() ? "ai.onnx" : e.getKey()) + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String tensors(List<TensorInfo> tensors) {
        if (tensors.isEmpty()) {
            return "(none declared)";
        }
        return tensors.stream().map(t -> t.name() + ": " + t.describe()).collect(Collectors.joining("\n"));
    }

    public ReadOnlyObjectProperty<ModelRecord> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ObservableList<Figure> card() {
        return cardView;
    }

    public ObservableList<OpCount> ops() {
        return opsView;
    }

    public ObservableList<LayerInfo> layers() {
        return layersView;
    }

    /** What the layer table lists: a model's layers, or a program's kernel and delegate calls. */
    public ReadOnlyStringProperty layersTitleProperty() {
        return layersTitle.getReadOnlyProperty();
    }

    /** The program's own sections, for an ExecuTorch program. */
    public ProgramViewModel program() {
        return program;
    }
}
