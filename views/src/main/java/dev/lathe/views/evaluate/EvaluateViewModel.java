package dev.lathe.views.evaluate;

import dev.lathe.engine.Workbench;
import dev.lathe.engine.data.PreprocessingOverrides;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.engine.store.StoredEvaluation;
import dev.lathe.views.common.ErrorSink;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.InputShapeGate;
import dev.lathe.views.common.NumberListText;
import dev.lathe.views.task.RunState;
import dev.lathe.views.task.TaskRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Evaluate tab's state: which dataset and how to feed it, the run in progress, the evaluation on show and the
 * model's earlier evaluations.
 */
public final class EvaluateViewModel {
    private final Workbench workbench;
    private final TaskRunner tasks;
    private final ErrorSink errors;
    private final InputShapeGate shapes;
    private final Optional<Path> defaultDataset;

    private final ReadOnlyObjectWrapper<ModelRecord> model = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<Path> dataset = new SimpleObjectProperty<>();
    private final StringProperty limit = new SimpleStringProperty("");
    private final StringProperty mean = new SimpleStringProperty("");
    private final StringProperty std = new SimpleStringProperty("");
    private final BooleanProperty resize = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final RunState run = new RunState();
    private final ReadOnlyObjectWrapper<StoredEvaluation> shown = new ReadOnlyObjectWrapper<>();
    private final ObservableList<StoredEvaluation> history = FXCollections.observableArrayList();
    private final ObservableList<StoredEvaluation> historyView = FXCollections.unmodifiableObservableList(history);
    private final BooleanBinding canRun;

    public EvaluateViewModel(Workbench workbench, TaskRunner tasks, ErrorSink errors, InputShapeGate shapes,
                             Optional<Path> defaultDataset) {
        this.workbench = workbench;
        this.tasks = tasks;
        this.errors = errors;
        this.shapes = shapes;
        this.defaultDataset = defaultDataset;
        Observable[] inputs = {model, dataset, limit, mean, std};
        problem.bind(Bindings.createStringBinding(this::validate, inputs));
        canRun = model.isNotNull().and(problem.isEmpty()).and(run.runningProperty().not());
    }

    /** Shows another model (or none): its history loads in the background, the form keeps what the user typed. */
    public void setModel(ModelRecord next) {
        if (run.runningProperty().get()) {
            run.cancel();
        }
        model.set(next);
        shown.set(null);
        history.clear();
        if (next == null) {
            return;
        }
        tasks.run("Reading evaluations of " + next.name(), p -> workbench.evaluations(next),
                list -> showHistory(next, list), errors::report);
    }

    private void showHistory(ModelRecord of, List<StoredEvaluation> list) {
        if (model.get() == null || !model.get().sha256().equals(of.sha256())) {
            return;
        }
        history.setAll(list);
        shown.set(list.isEmpty() ? null : list.get(0));
        if (dataset.get() == null) {
            dataset.set(list.isEmpty() ? defaultDataset.orElse(null) : Path.of(list.get(0).datasetPath()));
        }
    }

    /** Why the form cannot run as filled in, or empty when it can. */
    private String validate() {
        if (dataset.get() == null) {
            return "Choose a dataset: an IDX images file, a CSV file or a folder of images";
        }
        try {
            limitValue();
            NumberListText.parse(mean.get(), "Mean", false);
            NumberListText.parse(std.get(), "Std", true);
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private int limitValue() {
        String text = limit.get() == null ? "" : limit.get().trim().replace(",", "").replace("_", "");
        if (text.isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(text);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Limit: '" + limit.get().trim() + "' is not a whole number of 0 or more "
                    + "(leave it empty for all examples)");
        }
    }

    /** The request the form describes; only valid when {@link #problemProperty()} is empty. */
    public EvalRequest request() {
        PreprocessingOverrides overrides = new PreprocessingOverrides(Optional.empty(),
                NumberListText.parse(mean.get(), "Mean", false), NumberListText.parse(std.get(), "Std", true),
                Optional.empty(), resize.get());
        return new EvalRequest(dataset.get(), Optional.empty(), overrides, limitValue());
    }

    public void run() {
        if (!canRun.get()) {
            return;
        }
        EvalRequest request = request();
        shapes.withShape(model.get(), ready -> start(ready, request));
    }

    private void start(ModelRecord target, EvalRequest request) {
        model.set(target);
        int id = run.begin("Evaluating " + target.name() + " on " + request.dataset().getFileName());
        run.attach(id, tasks.run("Evaluating " + target.name(),
                p -> workbench.evaluate(target, request, p),
                done -> finished(id, done),
                error -> {
                    if (run.fail(id, error)) {
                        errors.report(error);
                    }
                }));
    }

    private void finished(int id, StoredEvaluation done) {
        String summary = "Top-1 " + Formats.percent(done.result().top1()) + " on " + Formats.count(done.result().samples())
                + " examples in " + Formats.decimal(done.result().elapsedMillis() / 1000.0, 1) + " s";
        if (run.end(id, summary) && model.get() != null && model.get().sha256().equals(done.modelSha256())) {
            history.add(0, done);
            shown.set(done);
        }
    }

    public void cancel() {
        run.cancel();
    }

    public void show(StoredEvaluation evaluation) {
        shown.set(evaluation);
    }

    public ReadOnlyObjectProperty<ModelRecord> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ObjectProperty<Path> datasetProperty() {
        return dataset;
    }

    public StringProperty limitProperty() {
        return limit;
    }

    public StringProperty meanProperty() {
        return mean;
    }

    public StringProperty stdProperty() {
        return std;
    }

    public BooleanProperty resizeProperty() {
        return resize;
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public BooleanBinding canRunProperty() {
        return canRun;
    }

    public RunState runState() {
        return run;
    }

    public ReadOnlyObjectProperty<StoredEvaluation> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public ObservableList<StoredEvaluation> history() {
        return historyView;
    }
}
