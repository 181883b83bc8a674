package dev.lathe.views.export;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.export.VariantExporter;
import dev.lathe.engine.export.pte.PteDelegate;
import dev.lathe.engine.export.pte.PteFileExporter;
import dev.lathe.engine.export.torchscript.TorchScriptFileExporter;
import dev.lathe.engine.files.Overwrite;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.common.ShapeText;
import dev.lathe.views.common.UserMessages;
import dev.lathe.views.task.TaskRunner;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File › Export…: one model of the store (a variant or not) written into a folder as ONNX or as an ExecuTorch
 * program, with its provenance and model card. The input shape is asked for only where it matters: an ExecuTorch
 * program of a model with dynamic dimensions. The files written, or one line saying why none were, show in the dialog.
 */
public final class ExportViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(ExportViewModel.class);

    private final Workbench workbench;
    private final TaskRunner tasks;
    private final ModelRecord model;
    private final Consumer<List<Path>> exported;
    private final String suggestedShape;
    private final ObjectProperty<ExportFormat> format = new SimpleObjectProperty<>(ExportFormat.ONNX);
    private final BooleanProperty xnnpack = new SimpleBooleanProperty(true);
    private final StringProperty shape = new SimpleStringProperty();
    private final StringProperty folder = new SimpleStringProperty("");
    private final BooleanProperty replace = new SimpleBooleanProperty();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ObservableList<Path> written = FXCollections.observableArrayList();
    private final ObservableList<Path> writtenView = FXCollections.unmodifiableObservableList(written);
    private final BooleanBinding asksShape;
    private final BooleanBinding canExport;

    /** @param exported told the files each export wrote, on the FX thread */
    public ExportViewModel(Workbench workbench, TaskRunner tasks, ModelRecord model, Consumer<List<Path>> exported) {
        this.workbench = workbench;
        this.tasks = tasks;
        this.model = model;
        this.exported = exported;
        this.suggestedShape = model.inputShape().map(ShapeText::format).orElseGet(() -> defaultShape(model));
        shape.set(suggestedShape);
        asksShape = Bindings.createBooleanBinding(() -> format.get() == ExportFormat.EXECUTORCH
                && hasDynamicDimensions(model), format);
        canExport = Bindings.createBooleanBinding(() -> !running.get() && !folder.get().isBlank()
                && format.get() != null && unavailable(format.get()).isEmpty(), running, folder, format);
    }

    /** Why {@code choice} cannot be exported for this model; empty when it can. */
    public Optional<String> unavailable(ExportFormat choice) {
        if (choice == ExportFormat.EXECUTORCH && model.format() != ModelFormat.ONNX) {
            return Optional.of("takes ONNX models; this one is " + model.format().displayName());
        }
        if (choice == ExportFormat.TORCHSCRIPT && model.format() != ModelFormat.ONNX) {
            return Optional.of(model.format() == ModelFormat.TORCHSCRIPT ? "this model is TorchScript already: "
                    + "export it as it is" : "is written from ONNX models; this one is "
                    + model.format().displayName());
        }
        return Optional.empty();
    }

    /** What {@code choice} writes, for this model: the file as it is goes in its own format. */
    public String label(ExportFormat choice) {
        return choice == ExportFormat.ONNX && model.format() != ModelFormat.ONNX
                ? "The model as it is (" + model.format().displayName() + ")" : choice.label();
    }

    /** True when the model's first input leaves a dimension open (a batch of any size, say), or declares none. */
    public static boolean hasDynamicDimensions(ModelRecord model) {
        List<TensorInfo> inputs = model.summary().inputs();
        return inputs.isEmpty() || inputs.get(0).shape().isEmpty()
                || inputs.get(0).shape().stream().anyMatch(d -> !d.isFixed());
    }

    /** What the engine uses when no shape is given: each dynamic dimension set to 1. */
    private static String defaultShape(ModelRecord model) {
        List<TensorInfo> inputs = model.summary().inputs();
        if (inputs.isEmpty() || inputs.get(0).shape().isEmpty()) {
            return "";
        }
        return ShapeText.format(inputs.get(0).shape().stream().mapToLong(d -> d.isFixed() ? d.size() : 1).toArray());
    }

    /**
     * Exports in the background. A shape left as suggested is not passed on, so the provenance says where it came
     * from (the shape remembered for the model, or its dynamic dimensions set to 1) rather than that it was given.
     */
    public void export() {
        problem.set("");
        written.clear();
        if (!canExport.get()) {
            return;
        }
        Optional<long[]> given;
        Path out;
        try {
            given = asksShape.get() && !shape.get().trim().equals(suggestedShape)
                    ? Optional.of(ShapeText.parse(shape.get())) : Optional.empty();
            out = Path.of(folder.get().trim());
        } catch (InvalidPathException e) {
            problem.set("'" + folder.get().trim() + "' is no folder name this system takes: " + e.getReason());
            return;
        } catch (IllegalArgumentException e) {
            problem.set(e.getMessage());
            return;
        }
        ExportFormat chosen = format.get();
        PteDelegate delegate = xnnpack.get() ? PteDelegate.XNNPACK : PteDelegate.NONE;
        Overwrite overwrite = replace.get() ? Overwrite.REPLACE : Overwrite.REFUSE;
        running.set(true);
        tasks.run("Exporting " + model.name(), p -> switch (chosen) {
                    case ONNX -> files(workbench.export(model, out, overwrite));
                    case EXECUTORCH -> files(workbench.exportPte(model, out, given, delegate, overwrite));
                    case TORCHSCRIPT -> files(workbench.exportTorchScript(model, out, overwrite));
                },
                files -> {
                    running.set(false);
                    written.setAll(files);
                    exported.accept(files);
                }, error -> {
                    running.set(false);
                    if (!UserMessages.isExpected(error)) {
                        LOG.warn("Exporting {} failed", model.name(), error);
                    }
                    problem.set(UserMessages.describe(error));
                });
    }

    private static List<Path> files(VariantExporter.Exported e) {
        return List.of(e.model(), e.provenance(), e.card());
    }

    private static List<Path> files(TorchScriptFileExporter.Written w) {
        return List.of(w.pt(), w.provenance(), w.card());
    }

    private static List<Path> files(PteFileExporter.Written w) {
        return List.of(w.pte(), w.provenance(), w.card());
    }

    public ModelRecord model() {
        return model;
    }

    public ObjectProperty<ExportFormat> formatProperty() {
        return format;
    }

    /** For an ExecuTorch program: XNNPACK takes the nodes it can (on by default), else portable kernels only. */
    public BooleanProperty xnnpackProperty() {
        return xnnpack;
    }

    /** The first input's full shape, like 1x1x28x28: the remembered one at first, else dynamic sizes set to 1. */
    public StringProperty shapeProperty() {
        return shape;
    }

    public StringProperty folderProperty() {
        return folder;
    }

    /** Whether files of the same name in the folder may be replaced. */
    public BooleanProperty replaceProperty() {
        return replace;
    }

    /** True for an ExecuTorch program of a model with dynamic dimensions: its memory is planned for one shape. */
    public BooleanBinding asksShapeProperty() {
        return asksShape;
    }

    public BooleanBinding canExportProperty() {
        return canExport;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Why the last export wrote nothing, in one line; empty otherwise. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The files the last export wrote. */
    public ObservableList<Path> written() {
        return writtenView;
    }
}
