package dev.lathe.views.model;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.pte.PteSummary;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.common.Figure;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.UserMessages;
import dev.lathe.views.task.TaskRunner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the Model tab shows of an ExecuTorch program beyond any model's summary: its schema, methods with their
 * inputs and outputs, operators by full name, delegates with their backend and payload size, constants, planned
 * memory and segments. Read from the program's file in the background each time one is shown.
 */
public final class ProgramViewModel {
    private final Workbench workbench;
    private final TaskRunner tasks;
    private final ReadOnlyBooleanWrapper program = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ObservableList<Figure> figures = FXCollections.observableArrayList();
    private final ObservableList<OperatorRow> operators = FXCollections.observableArrayList();
    private final ObservableList<DelegateRow> delegates = FXCollections.observableArrayList();
    private final ObservableList<Figure> figuresView = FXCollections.unmodifiableObservableList(figures);
    private final ObservableList<OperatorRow> operatorsView = FXCollections.unmodifiableObservableList(operators);
    private final ObservableList<DelegateRow> delegatesView = FXCollections.unmodifiableObservableList(delegates);
    private ModelRecord shown;

    /** How often a method calls one kernel ({@code aten::convolution.out}) or delegate ({@code delegate:…}). */
    public record OperatorRow(String method, String operator, int calls) {
    }

    /** One delegate of a method: the backend that runs it and the size of its payload, which only it can parse. */
    public record DelegateRow(String method, int index, String backend, long bytes) {
    }

    public ProgramViewModel(Workbench workbench, TaskRunner tasks) {
        this.workbench = workbench;
        this.tasks = tasks;
    }

    /** Shows {@code record}'s program, read in the background; for any other model (or none) shows nothing. */
    public void show(ModelRecord record) {
        shown = record;
        figures.clear();
        operators.clear();
        delegates.clear();
        boolean isProgram = record != null && record.format() == ModelFormat.PTE;
        program.set(isProgram);
        status.set(isProgram ? "Reading the program…" : "");
        if (isProgram) {
            tasks.run("Reading " + record.name(), p -> workbench.inspectPte(record), pte -> {
                if (shown == record) {
                    fill(pte);
                }
            }, error -> {
                if (shown == record) {
                    status.set(UserMessages.describe(error));
                }
            });
        }
    }

    private void fill(PteSummary pte) {
        status.set("");
        figures.setAll(figures(pte));
        List<OperatorRow> ops = new ArrayList<>();
        List<DelegateRow> blobs = new ArrayList<>();
        for (PteSummary.Method m : pte.methods()) {
            m.operators().forEach((op, n) -> ops.add(new OperatorRow(m.name(), op, n)));
            for (int i = 0; i < m.delegates().size(); i++) {
                blobs.add(new DelegateRow(m.name(), i, m.delegates().get(i).backend(), m.delegates().get(i).bytes()));
            }
        }
        ops.sort(Comparator.comparingInt(OperatorRow::calls).reversed().thenComparing(OperatorRow::operator));
        operators.setAll(ops);
        delegates.setAll(blobs);
    }

    static List<Figure> figures(PteSummary pte) {
        List<Figure> rows = new ArrayList<>();
        rows.add(new Figure("Schema", pte.identifier() + (pte.extendedHeader() ? " with the eh00 extended header"
                : " (no extended header)")));
        for (PteSummary.Method m : pte.methods()) {
            rows.add(new Figure("Method", m.name() + ": " + m.instructions() + " instructions"
                    + "\nin " + tensors(m.inputs()) + "\nout " + tensors(m.outputs())));
        }
        rows.add(new Figure("Constants", Formats.bytes(pte.constantBytes()) + " in constant tensors ("
                + Formats.count(pte.parameters()) + " parameters)"));
        if (pte.namedDataBytes() > 0) {
            rows.add(new Figure("Named data", Formats.bytes(pte.namedDataBytes()) + " of constants delegates read"));
        }
        rows.add(new Figure("Planned memory", pte.methods().stream().map(m -> m.name() + ": "
                + Formats.bytes(m.plannedBytes()) + " in " + m.arenas().size() + (m.arenas().size() == 1 ? " arena"
                : " arenas") + (m.arenas().size() > 1 ? " " + m.arenas().stream().map(Formats::bytes)
                .collect(Collectors.joining(", ", "(", ")")) : "")).collect(Collectors.joining("\n"))));
        rows.add(new Figure("Segments", pte.segments().isEmpty() ? "none (everything is inside the program)"
                : pte.segments().size() + ", " + Formats.bytes(pte.segments().stream()
                .mapToLong(PteSummary.Segment::bytes).sum()) + ": " + pte.segments().stream()
                .map(s -> Formats.bytes(s.bytes())).collect(Collectors.joining(", "))));
        return rows;
    }

    private static String tensors(List<PteSummary.TensorDesc> tensors) {
        return tensors.isEmpty() ? "(none)" : tensors.stream().map(PteSummary.TensorDesc::describe)
                .collect(Collectors.joining(", "));
    }

    /** True while the model on show is an ExecuTorch program. */
    public ReadOnlyBooleanProperty programProperty() {
        return program.getReadOnlyProperty();
    }

    /** "Reading the program…", or why it could not be read (a file moved or changed); empty once shown. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ObservableList<Figure> figures() {
        return figuresView;
    }

    public ObservableList<OperatorRow> operators() {
        return operatorsView;
    }

    public ObservableList<DelegateRow> delegates() {
        return delegatesView;
    }
}
