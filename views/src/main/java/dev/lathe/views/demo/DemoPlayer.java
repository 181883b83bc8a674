package dev.lathe.views.demo;

import dev.lathe.engine.demo.DemoException;
import dev.lathe.engine.demo.DemoScenario;
import dev.lathe.engine.demo.DemoStep;
import dev.lathe.engine.demo.Rehearsal;
import dev.lathe.engine.demo.RehearsalRecorder;
import dev.lathe.engine.demo.RehearsalRecorder.StepRecording;
import dev.lathe.engine.demo.Rehearsals;
import dev.lathe.engine.device.DeviceEntry;
import dev.lathe.engine.device.DeviceState;
import dev.lathe.engine.store.ModelRecord;
import dev.lathe.views.common.Formats;
import dev.lathe.views.common.UserMessages;
import dev.lathe.views.task.TaskHandle;
import dev.lathe.views.task.TaskRunner;
import dev.lathe.views.wall.DeviceFeed;
import dev.lathe.views.wall.WallViewModel;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.HashMap;
import java.util.Map;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;

/**
 * Steps through a demo scenario on stage: Space or → starts the next step, announced by its caption. Each step runs
 * live and is recorded as a rehearsal. When a step's board does not answer, the step fails, or it runs past its
 * budget, the newest rehearsal in which that step ran to its end is replayed in its place, in real time, and the
 * replay note says so plainly; a replayed step is recorded as failed, so no recording passes a replay off as live.
 * FX thread only.
 */
public final class DemoPlayer implements AutoCloseable {
    static final String NO_ANSWER = "the board did not answer";
    /**
     * A wall device that streams no sample for this long is taken as not answering: a board whose link broke is
     * retried for minutes by the device client (right for a long benchmark over a bad link, not for a room waiting).
     */
    static final Duration SILENT = Duration.seconds(20);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    /** What the player shows, by step kind: the wall's panels, Compare's chart, or the step's lines. */
    public enum Showing { TITLE, LINES, WALL, COMPARE }

    /** How the window shows what a step made. */
    public interface Host {
        /** Selects the demo's model (opened, or a variant just made), so the window's views follow it. */
        void show(ModelRecord model);
    }

    public enum Phase { READY, RUNNING, FINISHED }

    private final DemoScenario scenario;
    private final DemoSteps steps;
    private final TaskRunner tasks;
    private final WallViewModel wall;
    private final Host host;
    private final Rehearsals rehearsals;
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper replayNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(Phase.READY);
    private final ReadOnlyObjectWrapper<Showing> showing = new ReadOnlyObjectWrapper<>(Showing.TITLE);
    private final ObservableList<String> lines = FXCollections.observableArrayList();
    /** One view, kept: an unmodifiable view listens to {@code lines} weakly, so a view made per call would be dropped. */
    private final ObservableList<String> linesView = FXCollections.unmodifiableObservableList(lines);
    private final PauseTransition budget = new PauseTransition();
    private final Timeline silence = new Timeline();
    private final Map<DeviceFeed, long[]> heardFrom = new HashMap<>();
    private RehearsalRecorder recorder;
    private StepRecording recording;
    private DemoStep current;
    private TaskHandle task;
    private Replay replay;
    private ChangeListener<String> troubleWatch;
    private ChangeListener<Boolean> endWatch;
    private int done;

    public DemoPlayer(DemoScenario scenario, DemoSteps steps, TaskRunner tasks, WallViewModel wall, Host host,
                      Rehearsals rehearsals) {
        this.scenario = scenario;
        this.steps = steps;
        this.tasks = tasks;
        this.wall = wall;
        this.host = host;
        this.rehearsals = rehearsals;
        caption.set(scenario.title() + "   ·   " + scenario.steps().size() + " steps: press Space or → to start");
    }

    /**
     * Before the first step: the scenario checked as {@code lathe demo check} does (files, recipes, devices paired
     * and answering, time per step), a line per step on show until Space.
     */
    public void check(DemoCheck check) {
        tasks.run("Checking the demo", p -> check.check(scenario), found -> {
            if (done > 0 || phase.get() != Phase.READY) {
                return;
            }
            found.forEach(l -> lines.add("Step " + l.step() + " " + l.kind() + ": " + l.message()
                    + (l.ok() ? String.format(Locale.ROOT, ", about %d s", Math.round(l.seconds())) : "")));
            long problems = found.stream().filter(l -> !l.ok()).count();
            lines.add(problems == 0 ? String.format(Locale.ROOT, "Ready: about %d s in all. Space starts.",
                    Math.round(DemoCheck.totalSeconds(found)))
                    : problems + (problems == 1 ? " problem" : " problems") + ": fix it before the talk, or that step "
                    + "is replayed from a rehearsal");
        }, error -> lines.add("Not checked: " + UserMessages.describe(error)));
    }

    /** Space or →: the next step, unless one is still running or the last has been shown. */
    public void next() {
        if (phase.get() != Phase.READY) {
            return;
        }
        DemoStep step = scenario.step(done + 1);
        current = step;
        phase.set(Phase.RUNNING);
        caption.set("Step " + step.number() + " of " + scenario.steps().size() + "   ·   " + step.caption());
        replayNote.set("");
        lines.clear();
        try {
            if (recorder == null) {
                recorder = RehearsalRecorder.into(rehearsals.newFolder(scenario), scenario);
            }
            recording = recorder.start(step);
        } catch (DemoException e) {
            lines.add("Not recorded: " + e.getMessage());
            recording = null;
        }
        budget.setDuration(Duration.seconds(step.budgetSeconds()));
        budget.setOnFinished(e -> replayInstead(String.format(Locale.ROOT, "the step ran past its %s s budget",
                trim(step.budgetSeconds()))));
        budget.playFromStart();
        if (step.action() instanceof DemoStep.Wall w) {
            showing.set(Showing.WALL);
            startWall(step, w);
        } else {
            showing.set(step.action() instanceof DemoStep.Compare ? Showing.COMPARE : Showing.LINES);
            task = tasks.run(step.caption(), p -> {
                steps.run(step, new Heard(step));
                return steps.model();
            }, model -> {
                model.ifPresent(host::show);
                stepDone(step);
            }, error -> replayInstead("the step failed: " + UserMessages.describe(error)));
        }
    }

    private void startWall(DemoStep step, DemoStep.Wall w) {
        task = tasks.run("Finding the wall's devices", p -> steps.devices(w.devices()), devices -> {
            if (current != step || phase.get() != Phase.RUNNING) {
                return;
            }
            // A device still connecting (this computer's runner starting) is given its chance: the run says.
            List<DeviceEntry> offline = devices.stream().filter(d -> d.state() == DeviceState.OFFLINE
                    || d.state() == DeviceState.DISCOVERED).toList();
            List<ModelRecord> family = steps.family();
            if (!offline.isEmpty()) {
                replayInstead(NO_ANSWER + " (" + offline.get(0).name() + ")");
                return;
            }
            if (family.isEmpty()) {
                replayInstead("the step failed: no model is open: the demo opens one with an open step first");
                return;
            }
            Heard heard = new Heard(step);
            troubleWatch = (obs, old, now) -> {
                if (!now.isEmpty() && !wall.replayingProperty().get()) {
                    replayInstead(NO_ANSWER + " (" + now + ")");
                }
            };
            endWatch = (obs, was, now) -> {
                if (!now && !wall.replayingProperty().get() && wall.troubleProperty().get().isEmpty()) {
                    wall.rows().forEach(r -> heard.line(r.device() + " · " + r.variant() + ": " + r.stats()
                            .map(st -> "p50 " + Formats.millis(st.p50Ms()) + ", p99 " + Formats.millis(st.p99Ms()))
                            .orElse(r.outcome())));
                    stepDone(step);
                }
            };
            wall.troubleProperty().addListener(troubleWatch);
            wall.runningProperty().addListener(endWatch);
            watchSilence();
            // The same runs as the headless wall's: one configuration, so a rehearsal and the show measure alike.
            wall.runLatency(family, devices, DemoWall.config(family.get(0), w.seconds()), heard::sample);
        }, error -> replayInstead(NO_ANSWER + ": " + UserMessages.describe(error)));
    }

    private void stepDone(DemoStep step) {
        if (current != step || phase.get() != Phase.RUNNING) {
            return;
        }
        unwatchWall();
        budget.stop();
        StepRecording into = recording;
        if (into != null) {
            // Writing a wall's samples takes longer than a frame: never on the FX thread.
            tasks.run("Recording step " + step.number(), p -> {
                into.done();
                return true;
            }, written -> { }, error -> lines.add("Not recorded: " + UserMessages.describe(error)));
        }
        finishStep();
    }

    /**
     * Cancels the live step and plays the newest rehearsal of it instead, saying so; with no rehearsal of it, says
     * what went wrong and that there is nothing to replay.
     */
    private void replayInstead(String reason) {
        DemoStep step = current;
        if (step == null || phase.get() != Phase.RUNNING || !replayNote.get().isEmpty()) {
            return;
        }
        budget.stop();
        unwatchWall();
        if (task != null) {
            task.cancel();
        }
        if (step.action() instanceof DemoStep.Wall) {
            wall.cancel();
        }
        replayNote.set("Not live — " + reason + "; finding the rehearsal of this step…");
        StepRecording into = recording;
        // The recording is written, and the rehearsal read with its samples, off the FX thread.
        task = tasks.run("Finding the rehearsal of step " + step.number(), p -> {
            if (into != null) {
                into.failed(reason);
            }
            Optional<Rehearsal> found = rehearsals.latestWith(scenario, step.number());
            return found.isEmpty() ? Optional.<Found>empty() : Optional.of(new Found(found.get(),
                    Replay.of(found.get(), found.get().done(step.number()).orElseThrow())));
        }, found -> play(step, reason, found), error -> {
            replayNote.set("Not live, and the rehearsal cannot be replayed — " + reason + "; "
                    + UserMessages.describe(error));
            finishStep();
        });
    }

    private record Found(Rehearsal rehearsal, Replay replay) {
    }

    private void play(DemoStep step, String reason, Optional<Found> found) {
        if (current != step) {
            found.ifPresent(f -> f.replay().close());
            return;
        }
        if (found.isEmpty()) {
            replayNote.set("Not live, and no rehearsal of this step to replay — " + reason);
            finishStep();
            return;
        }
        String at = found.get().rehearsal().recorded().atZone(ZoneId.systemDefault()).format(CLOCK);
        replayNote.set("Replay of the rehearsal at " + at + " — " + reason);
        replay = found.get().replay();
        lines.clear();
        if (!replay.feeds().isEmpty()) {
            wall.replay(replay.feeds());
        }
        Replay playing = replay;
        playing.start(line -> Platform.runLater(() -> lines.add(line)), () -> Platform.runLater(() -> {
            if (replay == playing) {
                wall.replayEnded();
                finishStep();
            }
        }));
    }

    private void finishStep() {
        done = current.number();
        phase.set(done == scenario.steps().size() ? Phase.FINISHED : Phase.READY);
        if (phase.get() == Phase.FINISHED) {
            lines.add("End of the demo" + (recorder == null ? "" : "; recorded in " + recorder.folder()));
        }
    }

    /** Once a second: a device whose count of samples has not moved for {@link #SILENT} is not answering. */
    private void watchSilence() {
        heardFrom.clear();
        silence.stop();
        silence.getKeyFrames().setAll(new KeyFrame(Duration.seconds(1), e -> {
            long now = System.nanoTime();
            for (DeviceFeed f : wall.feeds()) {
                long[] last = heardFrom.computeIfAbsent(f, k -> new long[] {-1, now});
                long count = f.count();
                if (count != last[0] || f.ended()) {
                    last[0] = count;
                    last[1] = now;
                } else if (now - last[1] > SILENT.toMillis() * 1_000_000) {
                    replayInstead(NO_ANSWER + " (" + f.device() + ": no sample for " + (long) SILENT.toSeconds()
                            + " s)");
                    return;
                }
            }
        }));
        silence.setCycleCount(Animation.INDEFINITE);
        silence.play();
    }

    private void unwatchWall() {
        silence.stop();
        if (troubleWatch != null) {
            wall.troubleProperty().removeListener(troubleWatch);
            wall.runningProperty().removeListener(endWatch);
            troubleWatch = null;
            endWatch = null;
        }
    }

    private static String trim(double seconds) {
        return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds);
    }

    /** The live step's lines and samples: shown, and recorded. */
    private final class Heard implements StepListener {
        private final DemoStep step;
        private final StepRecording into = recording;

        Heard(DemoStep step) {
            this.step = step;
        }

        @Override
        public void line(String text) {
            if (into != null) {
                into.line(text);
            }
            Platform.runLater(() -> {
                if (current == step && replayNote.get().isEmpty()) {
                    lines.add(text);
                }
            });
        }

        @Override
        public void sample(String device, String model, long latencyNanos) {
            if (into != null) {
                into.sample(device, model, latencyNanos);
            }
        }
    }

    public DemoScenario scenario() {
        return scenario;
    }

    /** "Step 2 of 5 · …" while a step shows; the title before the first. */
    public ReadOnlyStringProperty captionProperty() {
        return caption.getReadOnlyProperty();
    }

    /** Empty while the step is live; else that it is a replay, of which rehearsal, and why. */
    public ReadOnlyStringProperty replayNoteProperty() {
        return replayNote.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Showing> showingProperty() {
        return showing.getReadOnlyProperty();
    }

    /** The lines of the step on show: its progress and results, live or replayed. */
    public ObservableList<String> lines() {
        return linesView;
    }

    @Override
    public void close() {
        budget.stop();
        unwatchWall();
        if (task != null) {
            task.cancel();
        }
        if (replay != null) {
            replay.close();
            wall.replayEnded();
        }
    }
}
