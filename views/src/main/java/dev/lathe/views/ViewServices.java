package dev.lathe.views;

import dev.lathe.engine.Workbench;
import dev.lathe.views.common.AlertErrorSink;
import dev.lathe.views.common.ErrorSink;
import dev.lathe.views.common.RecentFiles;
import dev.lathe.views.task.FxTaskRunner;
import dev.lathe.views.task.TaskRunner;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Everything the window needs from outside, assembled by the app.
 *
 * @param sampleModel   offered on first run, and by File → Open sample model
 * @param sampleDataset  the Evaluate tab's dataset until a model has been evaluated on another one
 * @param sampleTraining the Optimize tab's training set, for the sample model: a larger set than {@code sampleDataset}
 *                       when one is installed, so that training does not learn the very examples it is evaluated on
 *
 * <p>The devices (this computer and the boards, as the Devices list shows them and the Board wall runs on) come from
 * the workbench, {@code workbench.devices()}, like everything else the window reaches in the engine.
 */
public record ViewServices(Workbench workbench, TaskRunner tasks, Optional<Path> sampleModel,
                           Optional<Path> sampleDataset, Optional<Path> sampleTraining, RecentFiles recentFiles,
                           ErrorSink errors) {

    public ViewServices {
        Objects.requireNonNull(workbench, "workbench");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(sampleModel, "sampleModel");
        Objects.requireNonNull(sampleDataset, "sampleDataset");
        Objects.requireNonNull(sampleTraining, "sampleTraining");
        Objects.requireNonNull(recentFiles, "recentFiles");
        Objects.requireNonNull(errors, "errors");
    }

    /**
     * The production set: tasks on {@code executor} (give it named daemon threads, e.g.
     * {@link dev.lathe.views.task.DaemonThreads#pool}), errors in dialogs, recent files in {@code recentFilesFile}.
     */
    public static ViewServices standard(Workbench workbench, ExecutorService executor, Optional<Path> sampleModel,
                                        Optional<Path> sampleDataset, Optional<Path> sampleTraining,
                                        Path recentFilesFile) {
        return new ViewServices(workbench, new FxTaskRunner(executor), sampleModel, sampleDataset, sampleTraining,
                new RecentFiles(recentFilesFile), new AlertErrorSink());
    }
}
